/**
 * More clinical vocabulary, by topic: abbreviations of notes and reports, drugs, anatomy,
 * findings and nursing verbs. Together with words.lexicon.ts it tells a name or a place from an
 * unknown word: the longer these lists, the fewer false names. Lower case.
 */
const words = (text: string): readonly string[] => text.split(/\s+/).filter(Boolean);

export const CLINICAL_ABBREVIATIONS = words(`
aa aaa aaox abp ac acb acei acls adh adhd ae aeb aex af afb afl ag aga agvhd ai aicd aids aki
ale alf alkphos all alp als ama amap amb ami aml amsa ana anc ao aod aoa aox ap apc apcs aps aptt
ar arb ard ards arr as asd asap asx at atc atg atn av ava avb avm avn avnrt avr avrt aw
ba bae bal bb bbb bc bcc bcx bd be bg bgs bi bib bibasilar bil bili bipap bivad bl bld blks bmi
bmp bmt bna bnp bo bom bp bph bpd br brbpr brp bs bsa bsd bsk bt btw bue bun bvm bw bx
cabg cad cap cath cbc cbg cbi ccb cci cco ccs ccu cd cdb cdi cea cf cfu ch chd chf chg chgs chi
ci cid cj ck ckd ckmb cl clbbb cll cmo cmp cmt cmv cn cns co coa cod copd cpk cpr cpt cr crf
crfs crp crrt crt cs csf csm csru ct cta ctab ctx cv cva cvc cvl cvp cvvh cvvhd cvvhdf cw cx cxr
dat db dbp dc dcd dcm dd ddd ddx dfa dhe di dic dip dka dl dlco dm dmii dnr dni do doa doe dp dpi
dpl dr ds dsd dsg dsgs dt dtr dts du dvt dw dx
ea eb ebl ebv ecf ecg echo ecmo ect ed edd ee eeg ef eg egd eject ekg el em emg ems emt ent eom
eomi ep epo er ercp esr esrd et eta etc etco etco2 etoh ett ev evd ew ex exp ext
fb fbs fdp fe feno fev ff ffp fhr fio fio2 fmh fobt fs fsbg fsbs ft fu fuo fvc fx
ga gbs gc gcs gerd gfr gg gi gib gj gl gm gn gnr gpc gr gsw gt gtt gtts gu gvhd gyn
ha haart hb hbp hbv hcg hcl hct hcv hd hdl hdu he heent hem hemo hfr hgb hh hiv hjr hl hldd
hob hoh hpf hpi hr hrs hs hsv ht htn hx
iabp iad ibd ibs ibw ic icd ich icp ics icu id idc iddm ie ifn ig ih ij ild im imv inh inj inr
io ip ipf ips ir is isq it itp iv ivc ivdu ivf ivig ivp ivpb ivs
jp jt jvd jvp kcl kub kvo
la lad lap lat lav lbbb lbp lcx ld ldh ldl le lf lft lfts lg lgi lh li liq lle lll lls llq lm
lmp lmca lnmp loc lol lp lpm lr ls lsb lt ltc lue lul luq lv lvad lvedp lvef lvh lvot lws lyt
ma mac mae map mar mat mb mca mcl mcv md mdi mdr med meds mg mi micu mid mis ml mm mmhg mmm mn
mo mod mom mp mr mra mri mrsa ms msk mso mso4 mt mtp mv mva mvi mvo mvp mvr mvv
na nad nas nb nbp nc ncat nd neb ng ngt nh ni nicu niddm nif nippv nitro nk nkda nl nm nmb nms
np npc npo nr nrb ns nsaid nsb nsr nstemi nsvt nt ntd ntg nv nvd
oa ob obs oc od oe ogt oh ok om oob op opd or ortho os osa osh ot otc ou ox
pa pac pacs pacu pad pap par pas pc pca pcn pcp pcr pcu pcv pcwp pd pda pe peep peg per perla
perrl perrla pet pf pfo pft ph pi picc pih pip pivs pkg plt pm pmd pmh pmhx pmi pmn pmr pmv pn
pna pnd po poc pod pox pp ppd ppi ppm pr prbc prbcs prn pro prom ps psa psh psi psv pt pta ptca
ptt ptx pud pulm pv pvc pvcs pvd pvr pw px
qam qd qh qhs qid qod qpm qs
ra rad rbbb rbc rca rcm rd rf rhr ri rij rle rll rlq rml rn ro rom ros rp rpr rr rrr rrt rsb
rsbi rsv rt rtc rue rul ruq rv rvad rvh rvr rx
sa sab sah sao sao2 sat sats sb sbe sbo sbp sc scd scds sci scm sct sd sem sg sgot sgpt si siadh
sicu sids simv sl sle slp sm smr sn snf so sob sob soc sp spo spo2 sq sr ss ssi ssri st stat std
stemi sth sv svc svg svo svo2 svr svt sx sxn sxt sz
ta tah tb tbi tbsa tc tcu td tdap te tee tf tfs tg tgs th tht tia tib tid tka tko tlc tm tmax
tng tnf tnk to tpa tpn tr trach ts tsh tsicu ttp tturp tv tvr tx
ua uag uc ue uf ugi ugib uo uop ur uri us usg uti uvr
va vac vad vap vas vats vbg vc vd vdrl ve vea vf vfib vg vhd vicu vip vl vmg vo vq vr vre vs
vss vt vtach vte vtx vw
wbc wc wd wf wfl wnl wo wob wt
xrt xr xray
`);

export const DRUGS = words(`
acetaminophen acetylcysteine acyclovir adenosine albumin albuterol alprazolam alteplase
amikacin aminophylline amiodarone amlodipine amoxicillin amphotericin ampho ampicillin
anzemet argatroban aspirin atenolol ativan atorvastatin atropine atrovent augmentin azithromycin
aztreonam bactrim benadryl bicarb bicarbonate bisacodyl bivalirudin bumex bumetanide
calcium captopril capto carafate cardizem carvedilol cefazolin cefepime cefotaxime ceftazidime
ceftaz ceftriaxone cefuroxime cellcept cephalexin chlorhexidine cipro ciprofloxacin cisatracurium
citalopram clindamycin clinda clonazepam clonidine clopidogrel colace combivent compazine
coreg cozaar cyclosporine dalteparin dapsone decadron demerol depakote dexamethasone dextrose
diazepam dig digoxin dilantin dilaudid diltiazem diovan diphenhydramine diuril dobutamine
dobut dopamine dopa doxacurium droperidol dulcolax enalapril enoxaparin epinephrine epi
eptifibatide erythromycin esmolol esomeprazole ethacrynic etomidate famotidine fentanyl fent
ferrous fluconazole flagyl flovent fluids folate folic fosphenytoin furosemide gabapentin
gentamicin glargine glipizide glucagon glyburide guaifenesin haldol haloperidol heparin
hep hydralazine hydrocortisone hydromorphone ibuprofen imdur imipenem inderal insulin integrilin
integrelin ipratropium isordil isosorbide kayexalate keflex keppra ketamine ketorolac klonopin
labetalol lactulose lamictal lansoprazole lantus lasix levaquin levetiracetam levofloxacin
levophed levo levothyroxine lidocaine lido linezolid lipitor lisinopril lopressor lorazepam
lovenox magnesium mag mannitol meropenem metformin methadone methylprednisolone metolazone
metoclopramide metoprolol metronidazole micafungin midazolam milrinone morphine mucomyst
nafcillin naloxone narcan natrecor nesiritide neo neosynephrine neostigmine nexium nicardipine
nifedipine nimbex nipride nitroglycerin nitroprusside norcuron norepinephrine norvasc novolog
nph nystatin octreotide olanzapine omeprazole ondansetron oxacillin oxycodone oxycontin
pantoprazole pepcid percocet phenergan phenobarbital phenylephrine phenytoin piperacillin
plavix potassium prednisone precedex procainamide prograf propofol propranolol protonix
pyxis quetiapine ranitidine reglan regular reg remeron risperdal rocephin rocuronium
senna seroquel sertraline simvastatin sodium solumedrol sotalol spironolactone sucralfate
succinylcholine synthroid tacrolimus tamiflu tazo tenormin thiamine timentin tobramycin toradol
trazodone tylenol unasyn valium vancomycin vanco vasopressin vaso vasotec vecuronium versed
vitamin warfarin xanax zaroxolyn zofran zosyn zyprexa
`);

export const ANATOMY_AND_FINDINGS = words(`
abdomen abscess acidosis adenopathy adrenal airway alkalosis alveolar anasarca aneurysm angina
ankle anterior antecubital anus aorta aortic apex appendix arm arteries artery ascites atrial
atrium axilla axillary back basal base bases basilar biceps bile biliary bladder bleb blister
bone bowel brachial brain breast bronchi bronchial bronchus buttock buttocks calf capillary
cardiac carotid cartilage cecum cerebellar cerebral cervical cheek chest chin clavicle coccyx
colon coronary cortex cranial crease cubital cyst cystic diaphragm digit distal dorsal duct
duodenum dura ear elbow epigastric esophagus extremity eye eyelid face facial femoral femur
fibula finger flank foot forearm forehead fossa gallbladder gland glottis groin gum gums hand
head heart heel hepatic hip humerus ileum iliac inguinal intestine jaw jejunum joint jugular
kidney knee labia larynx lateral leg lip liver lobe lumbar lung lymph mandible medial
mediastinal mediastinum meninges mitral mouth mucosa muscle nail nares nasal navel neck nerve
nipple nose occipital orbit ovary palate pancreas parietal patella pectoral pedal pelvic pelvis
penis perineum periorbital peripheral peritoneal pharynx pleura pleural popliteal portal
posterior prostate proximal pulmonary pupil pupils radial radius rectal rectum renal retina rib
ribs sacral sacrum scalp scapula scrotum septum shin shoulder sigmoid sinus skin skull spinal
spine spleen sternal sternum stomach subclavian subcutaneous superior temporal tendon testes
thigh thoracic thorax throat thumb thyroid tibia toe toes tongue tonsil trachea tricuspid trunk
ulna umbilicus ureter urethra uterus uvula vagina valve vein veins vena ventricle ventricular
vertebra vessel vocal vulva waist wrist
abnormal absent accessory active acute adequate afebrile agitated alert anemic anxious apneic
arousable asleep asymptomatic atraumatic audible awake bilateral bloody bounding brisk bruised
calm cloudy coarse cold combative comatose confused congested cool cooperative copious crusted
cyanotic decreased deep dependent depressed diaphoretic diffuse diminished dilated disoriented
distant distended drowsy dry dusky ecchymotic edematous elevated emaciated equal erythematous
expiratory faint fine firm flaccid flat fluctuant foul friable frothy full gross guarded
hyperactive hypoactive inspiratory intact intermittent irregular itchy jaundiced labile
lethargic loose malodorous minimal mild moderate moist mottled multiple murky negative nonpitting
normal numb obese obtunded occasional opaque oriented pale palpable paradoxical patent pearly
pink pitting positive profuse purulent reactive red reddened regular responsive restless rigid
scant scattered sedated serosanguinous serous severe sharp shallow slight sluggish small soft
somnolent sparse spontaneous stable sticky stiff strong swollen symmetric symmetrical tachypneic
tan tender tense thick thin tight trace tympanic unequal unlabored unresponsive unstable
warm watery weak wet wheezy white yellow
abrasion ache aches acidemia adhesion agitation allergy amputation anemia anorexia anoxia
anuria anxiety aphasia apnea arrhythmia arthritis aspiration asthma asystole atelectasis ataxia
atrophy bacteremia bigeminy bleed bleeding blockage bradycardia bronchitis bronchospasm bruise
bruit burn burns cachexia cancer cardiomyopathy carcinoma cellulitis chill chills cirrhosis
clot clots coagulopathy colitis coma confusion congestion constipation contusion convulsion
cough crackles cramp cramps cyanosis deconditioning decubitus decub dehiscence dehydration
delirium delusion dementia depression dermatitis diabetes diarrhea discharge discomfort
disease dissection distension distress diuresis dizziness drainage dysarthria dysphagia
dysphasia dyspnea dysrhythmia ecchymosis ectopy edema effusion embolism embolus emesis
emphysema encephalopathy endocarditis erythema excoriation exudate failure fatigue fever fibrosis
fissure fistula flutter fracture gangrene gastritis hallucination headache hematemesis
hematoma hematuria hemiparesis hemiplegia hemoptysis hemorrhage hepatitis hernia hiccups hives
hyperglycemia hyperkalemia hypernatremia hypertension hypertrophy hypervolemia hypocalcemia
hypoglycemia hypokalemia hypomagnesemia hyponatremia hypotension hypothermia hypovolemia
hypoxemia hypoxia ileus incontinence induration infarct infarction infection infiltrate
inflammation injury insomnia ischemia itching jaundice laceration lesion lethargy leukocytosis
lymphoma malaise malnutrition mass melena meningitis metastasis migraine murmur myalgia
myocarditis myositis nausea necrosis neuropathy nodule obstruction occlusion oliguria osteomyelitis
pain pallor palpitations pancreatitis paralysis paresthesia pericarditis peritonitis petechiae
phlebitis plaque pleurisy pneumonia pneumonitis pneumothorax polyp pruritus psychosis pulse
pus rales rash redness regurgitation rhonchi rigors rub rupture sclerosis secretions sedation
seizure seizures sepsis shock sinusitis sore spasm spasms sputum stenosis stridor stroke
swelling syncope tachycardia tachypnea tamponade tenderness thrombocytopenia thrombosis thrombus
thrush tremor tremors trigeminy tumor ulcer ulceration upset urgency urosepsis urticaria varices
vasculitis vasospasm vegetation vertigo vomiting weakness wheeze wheezes wheezing wound
`);

export const NURSING_WORDS = words(`
abg abgs access accucheck accuchecks activity adjust adjusted adjustment administer
administered admission admitted advance advanced aerosol afternoon aggressive agitation aid
airway alarm alarms alert aline allergies ambulate ambulated ambulating ambulation analgesia
angiogram angiography angioplasty antibiotic antibiotics anticoagulation appetite applied apply
arterial aspirate aspirated assess assessed assessment assist assisted attempt attempted
auscultated auscultation autopsy avail available awaiting balloon bandage baseline bath bathed
bed bedpan bedrest bedside belly bicarb bilat biopsy bipap bladder blanket blood bolus boluses
bottle bowel brace breakfast breathing breaths bronch bronched bronchoscopy brought cannula
cannulated capped cardiology cardioversion care careview carevue cart cast cath catheter
catheterization cc central chair changed changes chart charted check checked chemistries chemo
chemotherapy chest chg clamp clamped clean cleaned clear cleared clinic closure code codes
collar colonoscopy comfort comfortable commode commands communicate communicates compression
consult consulted consults contact continue continued continues control controlled copious
course cpap cuff culture cultured cultures cycle daily data debridement decrease decreased
decreasing deep demand denied denies deny dependent desat desats desaturation desaturations
diagnosis dialysate dialysis dialyzed diet dilated dilation dinner discharge discontinue
discontinued discussed diuresed diuresing diuresis diuretic diuretics dose doses drain drained
draining drainage drawn dressing dressings drip drips drops dsg due dyspneic echo effect
effective elevate elevated elevation emergent emotional encourage encouraged endoscopy enema
enemas enteral episode episodes equal estimate evaluate evaluated evaluation event exam
examination exchange exercise exercises extubate extubated extubation face family fan feed
feeding feedings feeds fellow fever fingerstick fingersticks flow flowsheet flowsheets fluid
fluids flush flushed flushes flushing foley follow followed following formula freq frequent
frequency function functioning gas gases gauze gown graft grafts grip grips gtt guaiac guiac
hemodialysis hemodynamic hemodynamically hemodynamics history hold holding hourly hydration
hygiene hypotensive ice imaging immobile improve improved improvement improving incision
incisions incontinent increase increased increasing indwelling infusing infusion inhaler
initial initially inotrope inotropes inotropic inr input insertion inspiration instructed
insulin intake intermittent intervention interventions intubate intubated intubation iv ivs
jelly lab labs lavage laxative level levels lift limits line lines liquid liquids load loading
lotion lumen lying maintain maintained maintaining management manual mask massage meal meals
measure measured measurements mech mechanical med medical medicated medication medications
meds meeting mental mentating mentation meter methods midline milk minimal mobility mobilize
mode monitor monitored monitoring mouthcare mucous nebulizer nebs needle needs neuro nodding
nods noninvasive nursing nutrition observation observe observed obtain obtained occupational
ointment onset open oral order ordered orders orientation oriented orient osmolality outpatient
output outputs overnight oximetry oxygen oxygenation pacemaker pacer paced pacing pack packed
packing pads palliative palpated palpation paracentesis parameters paralyzed parenteral patch
patent pending percussion perfusion peripheral peritoneal permacath physical pillow pillows pills
placed placement plan plasma platelets pleurx pneumoboots port position positioned positioning
post postop potassium precautions premedicated prep prepped pressor pressors pressure pressures
procedure procedures productive prognosis prophylaxis protocol pulled pulmonary pump pumps
puree pureed qualitative radiology range rate rates ratio reading readings reassessed
reassurance reassured recheck rechecked recommend recommendations record rectal reduce reduced
reflex reflexes rehab reinforced reintubated reintubation release removal remove removed renal
repeat repeated replace replaced replacement replete repleted report reported request
requested require required requirement requirements requires requiring resident residual
residuals resolved respiratory respond responded response responses responsive rest rested
resting restarted restraint restraints result results resume resumed resuscitation retention
review reviewed rhythm rinse risk rolled room rotation rounds routine sample samples scale
scan scans schedule scheduled score screen screened screening secretion secured sedate
sedated sedating sedative sensation serial serum service session settings shave sheath
sheaths shift shower sitter site sites skin sleep sleeping sleeve slept sliding sling
slowly sodium soiled solution spec specimen specimens speech splint spontaneous sputum stage
staples station status stent stents step sterile stimulation stimuli stockings stocking stool
stools strip study suction suctioned suctioning summary supine supplement supplements support
supportive suppository surgical suture sutures swab swallow swallowing swan symptoms syringe
system systolic tap taped taper tapered tapering teaching team tele telemetry temp temperature
test testing tests therapist therapy thoracentesis titrate titrated titrating titration tolerance
tolerate tolerated tolerates tolerating toilet toileting tone tracing trach tracheostomy trached
transducer transfusion transfusions transfused transplant transport transported trauma
treatment treatments trend trending trial trials tube tubes tubing turn turned turning
ultrasound unit units update urinal urinalysis urine vac vaccine vent ventilated ventilation
ventilator verbal verbalize verbalized verbalizes vest visit vital vitals voice void voided
voiding volume volumes walker warming wean weaned weaning weight wheelchair wires workup wrap
xray xrays
able about absolutely accompanied according accurate ahead alarm almost along although amount
amounts anyway appear appearance appears appropriate approximately area arrangements ate
attend attended awaits aware become bit blue brief briefly cannot careful cause caused certain
clarify clarified comment comments complains complaining complaint complete completed
concerning condition consent considered consistent constant continuous correct
currently daily decline declined declines desire despite detail difficult difficulty
discuss discussion doing done drink drinking drowsy during easily eating effort efforts else
encourage entire evaluate even every exhausted expected explained extremely fair fairly
feeling felt finally frequently further gave generally given goal goals gradually happy
hopeful however ideal immediately important including initially instead involved issue
issues kept kind largely less likely lying maximum maybe mid minimal minimum mobile mostly
much multiple near nearly necessary needed next none note noted notes nothing now occasional
occasionally ongoing only other overall particular per perhaps plus poor poorly possible
possibly prefer present presently previous previously probably prolonged promptly quickly
quite rare rarely reason recently regarding related relief remains repeatedly responded
several severe significant significantly similar since slight slightly slow some somewhat
soon still sufficient suggest suspected sustained tend throughout tolerable total totally
unable unchanged unclear unknown unless unsuccessful until usual usually various verbal
visible waiting whole within without worse
pharmacy morgue lab labs radiology urology neurology cardiology oncology nephrology pulmonology
dermatology derm psych psychiatry ortho orthopedics nsurg neurosurgery cards onc uro nephro
interventional vascular specialist thermodilution junctional triple double single lumen lumens
upper lower mid middle peri transfuse transfused wedge wedged eval evals dozing scratch
trumpet mushroom nard lis lcs lcws lws liws brb cvvhf vvi ddd psvt raf paf fm fmv pb ab tpp
eps iab oett ivabx ivb imi pco acw ceft dox tham beta bgfs catscan ctscan riss ambien diamox
ddavp hosp aprox prev poss approx nl neb nebs
english spanish italian russian polish greek french german portuguese haitian creole chinese
mandarin cantonese vietnamese korean japanese arabic farsi hebrew hindi urdu american african
europe european asia asian
mallory ada ceo tol tolr synch sync usoh stoma ostomy channel blocker blockers cor pulmonale
aloe vesta kaolin diastolic dysfunction hespan cosyntropin lente lenti nsicu nisicu nicu picu
cticu cvicu ticu neuroicu stepdown
recovery emergency department dental labor delivery postanesthesia anesthesia pediatric
pediatrics lymphedema chiropractic wellness grade device endocrine vaginal bariatric pubic
perianal diagonal medicine internal disorder ligature utilizing ascending descending fetal
midface iris hemoximeter radiometer cores core port ports suite room rooms floor ward wards
fontan solu medrol depo dosepak klor con bard parker midas rex tanner gore tex hartmann berry
hawkins weber crowe kelly cobb doyle hoffman richards bruce lexiscan vicryl betadine allis
babcock metzenbaum kocher deaver balfour bookwalter adson debakey penfield kerrison gelpi
weitlaner senn langenbeck freer cottle killian coude malecot pezzer councill fogarty seldinger
steri strips tegaderm xeroform kerlix coban webril ace esmarch bovie gelfoam surgicel avitene
marcaine lidocaine sensorcaine ancef kefzol isovue omnipaque optiray visipaque monocryl prolene
ethibond dexon chromic maxon pds nylon silk mersilene healon kenalog celestone imuran cytoxan
adderall topamax wechsler stroop bender gestalt folstein mmse moca glasgow
thyroid stimulating hormone glutamic pyruvic oxaloacetic sgpt sgot corpuscular haemoglobin hemoglobin erythrocyte sedimentation
neutrophils lymphocytes eosinophils monocytes basophils platelets platelet reticulocyte
bilirubin alkaline phosphatase glutamyl transferase transaminase aminotransferase
cholesterol triglycerides lipoprotein glycated glycosylated creatinine urea nitrogen albumin
globulin protein electrolytes sodium potassium chloride bicarbonate phosphorus calcium
magnesium ferritin transferrin iron folate cobalamin vitamin troponin procalcitonin
prothrombin thromboplastin fibrinogen dimer amylase lipase lactate dehydrogenase uric acid
ketones glucose fasting random postprandial urine urinalysis specific gravity pus epithelial
casts crystals bacteria yeast mucus microscopy culture sensitivity antibody antigen titer
serology immunoglobulin complement rheumatoid antinuclear hepatitis surface core hiv elisa
western blot pcr panel profile count differential absolute relative mean volume width
distribution hematocrit packed cell concentration indices smear morphology normocytic
normochromic microcytic hypochromic macrocytic anisocytosis poikilocytosis method impedance
photometry spectrophotometry colorimetric enzymatic calculated cytometry turbidimetry
chemiluminescence immunoassay biological reference interval interpretation comments
technologist technician pathologist sample collected registered reported printed page
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
sat sun weekday weekend noon midnight mn am pm noc eve
`);
