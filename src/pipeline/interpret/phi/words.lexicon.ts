/**
 * Words that are not names or places. Three tiers, because cues differ in strength: after
 * "Dr." only FUNCTION words veto a name ("Dr. aware"), after "son" or "Mr" (no dot) COMMON and
 * CLINICAL words veto too ("son visited", "MR moderate"). Lower case, whitespace separated;
 * inflections (-s, -es, -ed, -ing, -ly) are matched by stripping the suffix.
 */
const words = (text: string): readonly string[] => text.split(/\s+/).filter(Boolean);

/** Grammar words, auxiliaries, verbs of reporting and time words: never part of a name. */
export const FUNCTION_WORDS = words(`
a an the and or but nor so yet if then than that this these those there here where when while
what which who whom whose why how all any each every some no not none both either neither other
others another such same own i me my mine we us our you your he him his she her hers it its they
them their theirs himself herself itself themselves myself ourselves yourself one ones
is are was were be been being am do does did done doing have has had having will would shall
should can could may might must cannot can't won't don't didn't doesn't isn't wasn't aren't
to of in on at by for with w without wo within from into onto upon about above below over under
after before during since until till through throughout across along around between among
against toward towards via per re vs versus as like unlike near next beside besides behind
regarding concerning including except
beyond inside outside off out up down away back again further once just only also very too
quite rather really still even ever never always often sometimes usually already soon now later
today tonight tomorrow yesterday tmrw tomm noc night nights day days am pm eve evening evenings
morning mornings afternoon afternoons overnight shift weekend week weeks month months year years
hour hours hr hrs min mins minute minutes time times moment while earlier early late last first
second third fourth fifth next previous prior following remainder rest
aware notified notify informed inform called call calling update updated updating spoke speak
speaking talked talk talking discussed discuss visited visit visiting came come coming went go
going gone left leave leaving arrived arrive arriving returned return stayed stay present home
bedside said say stated state told tell asked ask want wanted like feel felt know knew knowing
think thought agree agreed understand understood believe request requested reach reached reached
phone phoned contact contacted meet met meeting page paged paging see seen saw look looked
give gave given get got getting take took taken make made making need needed needs help helped
keep kept let put set seem seemed appear appeared remain remained continue continued cont con't
receive received recieved obtain obtained order ordered write wrote written sign signed consent
consented plan planned plans agree decide decided decision explain explained explanation
support supported reassure reassured encourage encouraged emotional questions question answer
answered concerns concern concerned worried upset happy pleased relieved tearful
yes ok okay please thanks thank much more most less least many few several lots unable
unlikely possibly probably now then about approx approximately around almost nearly per
pt pts patient patients pt's person people family families friend friends member members
mother father mom dad son sons daughter daughters dtr dtrs wife husband spouse brother brothers
sister sisters sibling siblings child children kid kids grandson granddaughter grandchildren
grandaughter grandmother grandfather niece nephew aunt uncle cousin cousins parent parents
girlfriend boyfriend fiance fiancee partner neighbor neighbour relative relatives proxy hcp
guardian
dr drs doctor doctors md mds physician physicians nurse nurses rn rns np nps pa rrt rt rts team
teams staff service services resident residents intern interns fellow fellows attending
attendings house officer officers ho surgeon surgeons consultant consultants coordinator
worker workers case caseworker social sw chaplain priest rabbi pastor minister interpreter
mr mrs ms miss mister sir madam
none nil n/a na unknown other unspecified
`);

/** Everyday English nouns, adjectives and verbs that follow cues but are not names. */
export const COMMON_WORDS = words(`
about above accept accepted access according account across act action active activity actually
add added addition additional address adequate adequately admit admitted admission admissions
adult advice advised affect affected afraid age aged ago ahead aid aide air alert alive allow
allowed alone along already alright although amount angry anxious anyone anything anyway
anywhere apart apartment appropriate appropriately area areas arm arms arrange arranged
arrangement arrangements arrival art article assist assistance assisted attempt attempted
attempts attention available average avoid awake awaiting await awaits awoke
bag ball bank base based basis bath bathroom bathed bear became because become bed beds began
begin beginning begun behavior behaviour belief bell belt benefit bet big bill bird birth bit
black blue board boat body book born boss both bottle bottom bought box boy brief briefly bright
bring brought broke broken brown building built burn business busy buy
calm calmer calmly camera can car card cards care cared career careful carefully carry case cases
cat catch cause caused center central determine receive increment increments agreement
involvement hockey football baseball basketball golf television tv radio video game games movie
lollipop lollipops candy gum juice soda beer wine coffee tea certain certainly chair chance change changed changes
chart charted charting cheap check checked child choice church city claim class clean cleaned
clear cleared clearly close closely clothes club coat code coffee cold collect college color
colour comfort comfortable comfortably coming comment comments common community company compare
complain complained complaint complaints complete completed completely concern condition
conditions confirm confirmed confused consider considered contain content continue control
conversation cook cool copy corner correct correctly cost could count country couple course
court cover covered crisis cross cry crying cup current currently cut
dark data date daughter dead deal dear death decide deep definitely degree delay deliver demand
deny department depend describe desire desk despite detail details develop die died difference
different difficult difficulty dinner direct direction directly discover distance do dog door
doubt draw dream dress dressed drink drive drop dropped drove drug drugs during duty
each ear earlier early east easy eat eaten eating edge education effect effort eight either
else empty end ended enjoy enough enter entire entirely environment equal especially estimate
evening event events everyone everything evidence exactly example except exchange exercise
expect expected experience explain expressed express eye
face fact factor fail fair fairly faith fall fallen family far farm fast fat fear feature feed
fed feeding few field fight figure fill filled final finally find finding findings fine finger
finish finished fire firm fish fit five fix flat floor flower fly follow followed food foot
force forget forgot form former forward four free frequent frequently fresh friend front fruit
full fully fun function fund funny future
game garden gas gather general generally get gift girl glad glass goal goals god gold gone good
government grand great green ground group grow growth guess gun guy
hair half hall hand handle hang happen happened hard hardly hat head health hear heard heart
heat heavy held hello help her here herself high hill history hit hold holding hole holiday
holy hope hopeful hopefully horse hospital hot hotel house housing huge human hundred hurt
idea identify ill image imagine important improve improved improvement include included
including increase increased independent indicate individual industry information inside
instead interest interested interview involve involved issue issues item
job join joke journey judge jump
keen key kid kill kind king kitchen knee knew know knowledge
lack lady land language large last late later laugh law lawyer lay lead learn least leave leg
legal length less letter level lie life light likely line list listen listened little live
lived lives living local lock long longer look lose loss lost lot loud love lovely low lower
lunch
machine main mainly maintain major man manage management manner many mark market married
marriage mass match matter maybe meal mean meaning means measure medical medium meet memory
mention mentioned message middle might mind minor miss missed mistake model modern moment money
month mood morning most mostly mother mouth move moved movement movie much music must
name named names narrow nation natural nature near nearly neck need neighbor neither nervous
network never new news newspaper nice night nobody noise none normal normally north nose
note noted notes nothing notice number numbers
object obvious obviously occasion occasional occasionally occur occurred odd offer offered
office officer often oil old older open opened opening operation opinion option order ordinary
organization original others otherwise outcome outside owner
pace pack page paid pain paint pair paper parent park part particular particularly partner party
pass passed past path pay peace people per perfect perhaps period permission person personal
phone physical pick picked picture piece place placed plan plane plant play played please
plenty pocket point police policy poor popular position positive possible post pound power
practice prefer prepare prepared presence present president press pretty prevent price private
probably problem problems process produce program progress project promise proper properly
protect proud provide provided public pull purpose push put
quality quarter question quick quickly quiet quietly quite
race radio rain raise raised range rate rather reach read ready real reality realize really
reason reasonable recent recently recognize record red reduce reduced refer referred refuse
refused regard regarding region regular relationship relax relaxed release remain remember
remove removed repeat repeated replace report reported require required research resident
respect respond responded response responsible result return rich ride right ring rise risk
river road rock role room round rule run running
safe safely safety sake sale same save saw say scene school score sea season seat second
secret section secure security see seek seem sell send sense sent separate serious seriously
serve service set settle seven several shake shape share sharp she shop short shot should
shoulder shout show showed shown side sign signed significant silence silent similar simple
simply since sing single sir sit site situation six size sleep slept slight slightly slow
slowly small smile smoke social society soft some somebody someone something sometimes
somewhat son song soon sorry sort sound source south space speak special speech spend spent
spirit spirits spoke sport spot spring staff stage stand standard star start started state
station stay step stick still stone stop stopped store story straight strange street strength
stress strong student study stuff style subject success successful such sudden suddenly
suggest suggested summer sun supply support supposed sure surface surprise surprised sweet
system
table take talk tall task tea teach teacher team tear tears tell ten tend term terrible test
than thank thing things think third though thought thousand three through throw thus ticket
tie tight till time tired today together told tomorrow tone tonight too top total touch tough
toward town track trade train training transfer transferred transport travel treat treated
tree trial trip trouble true truly trust truth try trying turn turned twice two type
under understand union unit university unless until upset use used useful usual usually
value various very view village visit visitor visitors voice
wait waited waiting wake walk walked wall want war warm wash watch water way weak wear
weather week weekend weight welcome well west western what whatever wheel whether white whole
why wide wife wild will win window wish within without woman women wonder wood word words work
worked worker working world worry worse worth would write wrong
yard year yes yesterday yet young
male female gender sex client surname forename self laboratory laboratories diagnostics
diagnostic centre preliminary barcode signature authorised authorized verified approved remarks
investigations biochemistry chemistry yrs dob mrn uhid
`);

/**
 * Clinical vocabulary and abbreviations of notes and lab reports, including eponyms and device
 * names that are also surnames (Foley catheter, Swan-Ganz, Miller blade, Braden scale).
 */
export const CLINICAL_WORDS = words(`
abd abdomen abdominal abg abgs abx ace acid acidosis acs acute adl adls adm admit afeb afebrile
afib aflutter agitated agitation airway albumin albuterol alk alkalosis aline allergies allergy
alt amb ambu ambulate ambulated ambulating amio amiodarone amp amps amt anc anemia anesthesia
aneurysm angina angio angiogram angioplasty ant antibiotic antibiotics antibx anxiety aorta
aortic aox apical appy arrest arrhythmia art arterial artery ascites asa aspiration assess
assessed assessment ast asystole atelectasis ativan atrial atrovent auscultation avr axilla
bal bbs bid bilat bilateral bili bilirubin bipap biv bladder bleed bleeding blood bm bms bolus
bowel bp bpm brady bradycardia brain breath breathing bs bsa bun bypass
ca cabg cad calcium cap cardiac cardiology cardiomyopathy cath catheter cbc cc ccu cef cellulitis
chem chest chf chol chronic cipro cirrhosis ck cks cl clonidine cm cmv cns co co2 colitis colon
coma comfort confusion congestive consult consults cont contin copd coronary cough coughing
coumadin cp cpap cpr cr crackles creat creatinine crit csru ct cta culture cultures cv cva cvp
cvvh cvvhd cx cxr cyanosis
dc dcd dced decadron decreased dehydration delirium dementia depression dextrose diabetes
diabetic dialysis diarrhea diet diff dig digoxin dilantin dilaudid dilt diltiazem diuresis
diuresed dnr dni dobutamine dopa dopamine doe dose doses drain drainage dressing drip drips dsd
dvt dx
ecg echo ed edema eeg ef effusion egd ekg embolus emesis endo endoscopy ent epi epinephrine ercp
esrd ett ew ext extremities extremity extubate extubated extubation
febrile fem femoral fent fentanyl fever ffp fio2 flagyl flowsheet fluid fluids foley fs ft fx
gcs gerd gi gib glucose graft grafts gtt gtts gu
hct hd hem heme hemodynamics hemodynamic hemoglobin hep heparin hgb hob hpi hr hs htn hx
hydralazine hyper hypertension hypo hypotension hypotensive hypoxia
iabp icd icu id iddm ileus imdur imv infarct infection infusion inr insulin intact intubate
intubated intubation io iv ivf ivp
jp jvd
k kcal kcl kg
lab labs lactate lasix lat lbs leads lft lfts lido lidocaine liter liters lll lle lopressor lr
ls lue lul lung lungs lvad lvh lymph lytes
mae map med meds medication medications meq mg mgso4 mi micu milrinone ml mmhg mod monitor
monitored monitoring morphine mrsa mso4 mvr murmur
nad narcan nasal nc neb nebs neg neo neosynephrine neuro ng ngt nh niddm nipride nitro npo nrb
ns nsr nstemi ntg nv
o2 ob od ogt om op or osh ot oxygen
pa pacer pacing pacu pap pca pcn pcp pe peep peg perrl perrla pft picc plt pmh pmhx pn pneumonia
po pod post pr prbc prbcs prn prop propofol ps psv pt ptca ptt pud pulm pulmonary pulse pulses
pvc pvcs pvd
q qd qid qhs qod
ra rate rbc rca rehab renal resp respiratory rhythm rll rle rml rr rsbi rue rul rx
sao2 sat sats sb sbp sc sedated sedation sepsis septic shock sicu simv sinus sl slp sob sputum
sq sr ssi stat stent stents steroid steroids stool stools stroke suction suctioned surgery svt
swallow sx syncope
tach tachy tachycardia tba tele telemetry temp tf tfs tia tid tlc tpa tpn trach trachea tube
tubes tx tylenol
ua ulcer uo uti
vanc vanco vancomycin vap vent ventilator versed vf vfib vna vs vss vt
wbc wean weaned weaning wheeze wheezes wnl wound
xray
bypass catheterization cholecystectomy colectomy craniotomy endarterectomy hysterectomy
laparotomy lobectomy lumpectomy mastectomy nephrectomy pacemaker pneumonectomy resection
thoracotomy tracheostomy transplant turp valve valvuloplasty
alzheimer alzheimers addison barrett bell bells broca charcot cheyne cushing crohn crohns graves
guillain barre hashimoto hodgkin huntington kaposi korsakoff kussmaul lyme marfan parkinson
parkinsons raynaud reynaud wernicke wilson stokes adams paget wolff
babinski braden morse glasgow apgar ranson mallampati ramsay richmond riker karnofsky norton
fowler fowlers trendelenburg sims allen homans murphy mcburney rovsing kernig brudzinski
chvostek trousseau romberg tinel phalen lachman
foley swan ganz hickman groshong broviac port mediport yankauer miller mac jackson pratt blake
penrose hemovac salem dobhoff passy muir shiley portex bivona venodyne venodynes kendall ted
teds ace posey pneumoboots bair hugger clinitron kinair stryker hill-rom rotorest
ensure boost promote jevity nepro glucerna impact replete pulmocare osmolite vivonex prosource
beneprotein kayexalate
coli aureus epidermidis faecalis faecium albicans glabrata aeruginosa pneumoniae influenzae
difficile diff pylori marcescens cloacae mirabilis maltophilia baumannii klebsiella
enterococcus staph strep pseudomonas candida
`);
