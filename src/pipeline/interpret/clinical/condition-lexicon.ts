/**
 * Conditions for the condition extractor, written by hand. Each line is
 * "Normalised name | synonym; synonym | SNOMED code=display" (the code part only where the pair
 * is verified against the shared fixtures: test/shared/clinical-codes.test.ts checks each one).
 * Synonyms in capitals with a leading "=" are abbreviations matched only as printed ("=HTN").
 * A code is given only when the printed phrase is the entry's name or the code's display, so
 * each coded entry's name is an exact synonym of its display.
 */
const TABLE = `
Hypertension | high blood pressure; arterial hypertension; =HTN | 38341003=Hypertension
Essential hypertension | primary hypertension; essential (primary) hypertension | 59621000=Essential hypertension
Type 2 diabetes mellitus | diabetes mellitus type 2; type 2 diabetes; type II diabetes; type II diabetes mellitus; diabetes type 2; diabetes type II; adult onset diabetes; non-insulin dependent diabetes; non-insulin-dependent diabetes mellitus; =DM2; =T2DM; =NIDDM; =DM II; =DM 2; =DMII | 44054006=Diabetes mellitus type 2
Type 1 diabetes mellitus | diabetes mellitus type 1; type 1 diabetes; type I diabetes; type I diabetes mellitus; juvenile diabetes; insulin dependent diabetes; insulin-dependent diabetes mellitus; =IDDM; =DM1; =T1DM | 46635009=Diabetes mellitus type 1
Diabetes mellitus | diabetes; =DM
Prediabetes | pre-diabetes; prediabetic; impaired fasting glucose | 15777000=Prediabetes
Gestational diabetes | gestational diabetes mellitus; =GDM
Diabetic retinopathy | nonproliferative diabetic retinopathy; proliferative diabetic retinopathy
Diabetic neuropathy | diabetic peripheral neuropathy
Diabetic nephropathy
Hyperlipidemia | dyslipidemia; hyperlipidaemia; =HLD | 55822004=Hyperlipidemia
Hypercholesterolemia | high cholesterol; elevated cholesterol; hypercholesterolaemia | 13644009=Hypercholesterolemia
Hypertriglyceridemia | high triglycerides | 302870006=Hypertriglyceridemia (disorder)
Metabolic syndrome | metabolic syndrome x | 237602007=Metabolic syndrome X (disorder)
Obesity | obese; morbid obesity; morbidly obese; severe obesity
Overweight
Coronary artery disease | coronary heart disease; coronary atherosclerosis; coronary arteriosclerosis; atherosclerotic heart disease; ischemic heart disease; =CAD; =ASCVD; =ASHD | 53741008=Coronary arteriosclerosis
Myocardial infarction | heart attack; =MI; =STEMI; =NSTEMI; =AMI
Acute myocardial infarction | 57054005=Acute myocardial infarction
Angina | angina pectoris; stable angina; unstable angina; anginal pain | 194828000=Angina
Heart failure | congestive heart failure; cardiac failure; =CHF; =HFrEF; =HFpEF; systolic heart failure; diastolic heart failure | 84114007=Heart failure
Cardiomyopathy | dilated cardiomyopathy; ischemic cardiomyopathy; hypertrophic cardiomyopathy
Atrial fibrillation | afib; a-fib; a fib; =AF; =AFIB; =AFib; atrial fibrillation with rapid ventricular response | 49436004=Atrial fibrillation
Atrial flutter
Bradycardia | sinus bradycardia | 48867003=Bradycardia
Tachycardia | sinus tachycardia; supraventricular tachycardia; =SVT
Ventricular tachycardia | =VT
Heart block | atrioventricular block; av block; complete heart block
Cardiac arrhythmia | arrhythmia; dysrhythmia
Heart murmur | murmur; murmurs
Aortic stenosis
Mitral regurgitation | mitral valve regurgitation
Mitral valve prolapse | =MVP
Valvular heart disease
Peripheral vascular disease | peripheral arterial disease; peripheral artery disease; =PVD
Aortic aneurysm | abdominal aortic aneurysm; =AAA
Deep vein thrombosis | deep venous thrombosis; =DVT
Pulmonary embolism | pulmonary embolus
Venous thromboembolism | =VTE
Stroke | cerebrovascular accident; cerebral infarction; ischemic stroke; hemorrhagic stroke; =CVA
Transient ischemic attack | =TIA
Cerebral artery occlusion
Hypotension | low blood pressure; orthostatic hypotension
Syncope | fainting; syncope and collapse; syncopal episode
Ischemia | 52674009=Ischemia
Asthma | bronchial asthma; reactive airway disease | 195967001=Asthma
Moderate persistent asthma | asthma, moderate persistent | 427295004=Moderate persistent asthma
Chronic obstructive pulmonary disease | chronic obstructive lung disease; chronic obstructive airways disease; chronic obstruct airways disease; =COPD | 13645005=Chronic obstructive lung disease
Emphysema
Chronic bronchitis
Acute bronchitis | 10509002=Acute bronchitis
Bronchitis
Bronchiectasis
Pneumonia | community acquired pneumonia; aspiration pneumonia; bronchopneumonia; lobar pneumonia | 233604007=Pneumonia
Community acquired pneumonia | community-acquired pneumonia | 385093006=Community acquired pneumonia
Acute respiratory failure | 65710008=Acute respiratory failure
Respiratory failure
Hypoxemia | hypoxaemia | 389087006=Hypoxemia
Hypoxia
Obstructive sleep apnea | sleep apnea; obstructive sleep apnea syndrome; =OSA
Pulmonary fibrosis | interstitial lung disease; =ILD
Pulmonary hypertension
Pleural effusion
Pneumothorax
Upper respiratory infection | upper respiratory tract infection; =URI
Sinusitis | acute sinusitis; chronic sinusitis; rhinosinusitis | 36971009=Sinusitis
Viral sinusitis | 444814009=Viral sinusitis (disorder)
Allergic rhinitis | hay fever; seasonal allergic rhinitis; perennial allergic rhinitis
Acute pharyngitis | | 363746003=Acute pharyngitis
Pharyngitis | sore throat; strep throat; streptococcal pharyngitis
Otitis media | ear infection; acute otitis media | 65363002=Otitis media
Influenza | flu
Flu-like illness | flu-like symptoms; influenza-like illness | 95891005=Flu-like illness
Tuberculosis | =TB
COVID-19 | covid; coronavirus disease 2019; sars-cov-2 infection
Gastroesophageal reflux disease | gastroesophageal reflux; acid reflux; reflux esophagitis; reflux; =GERD
Peptic ulcer disease | peptic ulcer; gastric ulcer; duodenal ulcer; =PUD
Gastritis
Gastroenteritis
Irritable bowel syndrome | =IBS
Crohn disease | crohn's disease; crohns disease
Ulcerative colitis
Inflammatory bowel disease | =IBD
Diverticulitis
Diverticulosis
Constipation
Diarrhea | diarrhoea
Nausea
Vomiting
Dysphagia
Gastrointestinal bleeding | GI bleed; gastrointestinal hemorrhage; upper GI bleed; lower GI bleed
Cholelithiasis | gallstones; gallstone | 77528005=Cholelithiasis
Cholecystitis
Pancreatitis | acute pancreatitis; chronic pancreatitis
Appendicitis | acute appendicitis | 74400008=Appendicitis
Cirrhosis | liver cirrhosis; cirrhosis of liver
Hepatitis C | hepatitis c infection; =HCV
Hepatitis B | =HBV
Fatty liver | hepatic steatosis; nonalcoholic fatty liver disease; =NAFLD
Hernia | inguinal hernia; umbilical hernia; hiatal hernia; ventral hernia; incisional hernia
Hemorrhoids
Celiac disease
Chronic kidney disease | chronic renal disease; chronic renal insufficiency; chronic renal failure; =CKD
End stage renal disease | end-stage renal disease; =ESRD
Acute kidney injury | acute renal failure; acute renal failure syndrome; =AKI; =ARF | 14669001=Acute renal failure syndrome
Renal insufficiency | renal failure; kidney failure
Nephrolithiasis | kidney stone; kidney stones; renal calculus; urolithiasis
Urinary tract infection | urinary tract infection, site not specified; =UTI | 61373006=Urinary tract infection, site not specified
Pyelonephritis
Cystitis
Urinary incontinence | incontinence; stress incontinence
Benign prostatic hyperplasia | benign prostatic hypertrophy; enlarged prostate; =BPH
Prostate cancer | malignant tumor of prostate; carcinoma of prostate; prostate carcinoma | 399068003=Malignant tumor of prostate
Erectile dysfunction | =ED
Bacteriuria
Hematuria
Hypothyroidism | underactive thyroid; hypothroidism | 40930008=Hypothyroidism
Hyperthyroidism | overactive thyroid; graves disease; graves' disease
Goiter | thyroid nodule; thyroid nodules
Osteoporosis
Osteopenia
Vitamin D deficiency
Vitamin B12 deficiency
Hyperkalemia
Hypokalemia
Hyponatremia
Hypernatremia
Hypocalcemia
Hypercalcemia
Hypomagnesemia
Dehydration
Malnutrition
Gout | gouty arthritis
Osteoarthritis | degenerative joint disease; degenerative arthritis; =DJD
Rheumatoid arthritis
Arthritis
Systemic lupus erythematosus | lupus; =SLE
Fibromyalgia
Low back pain | lower back pain; lumbago | 279039007=Low back pain
Back pain | backache; chronic back pain
Neck pain
Sciatica
Lumbar radiculopathy | radiculopathy
Spinal stenosis | lumbar stenosis; cervical stenosis
Degenerative disc disease | =DDD
Herniated disc | disc herniation; herniated nucleus pulposus; =HNP
Scoliosis
Carpal tunnel syndrome
Costochondritis | costal chondritis
Plantar fasciitis
Tendinitis | tendonitis
Bursitis
Fracture | fractured
Closed fracture of radius and ulna
Sprain | ankle sprain
Anemia | anaemia; iron deficiency anemia; normocytic anemia | 271737000=Anemia (disorder)
Thrombocytopenia
Leukocytosis
Neutropenia
Coagulopathy
Sickle cell disease | sickle cell anemia
Hemochromatosis
Malignant neoplasm of female breast NOS | malignant neoplasm of female breast | 188161004=Malignant neoplasm of female breast NOS
Breast cancer | malignant neoplasm of breast; carcinoma of breast; breast carcinoma
History of breast cancer | history of malignant neoplasm of breast | 429087003=History of malignant neoplasm of breast
Lung cancer | carcinoma of lung; lung carcinoma; non-small cell lung cancer; small cell lung cancer
Secondary malignant neoplasm of lung | 94391008=Secondary malignant neoplasm of lung
Colon cancer | colorectal cancer; carcinoma of colon; colon carcinoma; neoplasm of colon; rectal cancer
Pancreatic cancer
Ovarian cancer
Cervical cancer
Endometrial cancer
Bladder cancer
Renal cell carcinoma | kidney cancer
Thyroid cancer
Melanoma
Basal cell carcinoma
Squamous cell carcinoma
Lymphoma | non-hodgkin lymphoma; hodgkin lymphoma
Leukemia | leukaemia
Multiple myeloma
Cancer | malignancy; carcinoma; malignant neoplasm
Metastatic disease | metastases; metastasis
Depression | depressive disorder; major depressive disorder; major depression; clinical depression; =MDD | 35489007=Depression
Recurrent major depressive episodes | 268621008=Recurrent major depressive episodes
Anxiety | anxiety disorder; generalized anxiety disorder; =GAD
Panic disorder | panic attacks
Bipolar disorder | bipolar affective disorder; manic depression
Schizophrenia | schizoaffective disorder
Post-traumatic stress disorder | posttraumatic stress disorder; =PTSD
Obsessive-compulsive disorder | obsessive compulsive disorder; =OCD
Attention deficit hyperactivity disorder | attention deficit disorder; =ADHD; =ADD
Autism | autism spectrum disorder
Insomnia
Alcohol abuse | alcohol dependence; alcoholism; alcohol use disorder; =ETOH abuse
Substance abuse | drug abuse; opioid dependence; opioid use disorder; polysubstance abuse
Tobacco use | nicotine dependence; tobacco dependence; tobacco use disorder
Dementia | senile dementia; vascular dementia
Alzheimer disease | alzheimer's disease; alzheimers disease; alzheimer's dementia | 26929004=Alzheimer disease
Memory impairment | memory loss | 386807006=Memory Impairment
Parkinson disease | parkinson's disease; parkinsons disease; parkinsonism
Multiple sclerosis
Epilepsy | seizure disorder; seizures; seizure | 84757009=Epilepsy
Migraine | migraines; migraine headache; migraine headaches
Headache | headaches; tension headache; cephalgia
Neuropathy | peripheral neuropathy; polyneuropathy
Restless legs syndrome | restless leg syndrome
Vertigo | dizziness
Concussion
Traumatic brain injury | =TBI
Cerebral palsy
Staggering gait | 78691002=Staggering gait
Open-angle glaucoma | open angle glaucoma | 84494001=Open-angle glaucoma
Glaucoma
Cataract | cataracts
Macular degeneration | age-related macular degeneration
Conjunctivitis | pink eye | 9826008=Conjunctivitis
Hearing loss
Eczema | atopic dermatitis | 43116000=Eczema
Psoriasis
Dermatitis | contact dermatitis; seborrheic dermatitis
Cellulitis
Acne | acne vulgaris
Urticaria | hives
Rash
Pressure ulcer | decubitus ulcer; bedsore
Abscess
Wound infection
Sepsis | septicemia; septic shock; bacteremia
Cholangitis
Osteomyelitis
Herpes zoster | shingles
HIV infection | human immunodeficiency virus infection; =HIV; =AIDS
Lyme disease
Mononucleosis | infectious mononucleosis
Allergic reaction | acute allergic reaction; anaphylaxis
Pregnancy | pregnant
Preeclampsia | pre-eclampsia
Endometriosis
Polycystic ovary syndrome | =PCOS
Menopause | postmenopausal
Infertility
Obstructive uropathy
Chest pain | chest pains; chest discomfort
Shortness of breath | dyspnea; dyspnoea; breathlessness; =SOB; =DOE
Cough | coughing; chronic cough
Wheezing | wheeze
Fever | fevers; febrile; pyrexia
Chills
Fatigue | tiredness; malaise
Weight loss | unintentional weight loss
Weight gain
Abdominal pain | abdominal discomfort; epigastric pain
Palpitations
Edema | oedema; swelling; leg edema; peripheral edema; pedal edema
Joint pain | arthralgia; arthralgias
Myalgia | muscle pain; myalgias
Numbness
Weakness
Confusion | altered mental status
Pain | chronic pain
Anorexia
Laceration
Burn | first degree burn; second degree burn
`;

export interface ConditionEntry {
  readonly name: string;
  readonly phrases: readonly string[];
  /** Abbreviations matched only as printed, in capitals. */
  readonly abbreviations: readonly string[];
  readonly snomed?: { readonly code: string; readonly display: string };
}

export const CONDITIONS: readonly ConditionEntry[] = TABLE.trim()
  .split('\n')
  .map((row) => {
    const [name = '', synonyms = '', code = ''] = row.split('|').map((s) => s.trim());
    const all = synonyms === '' ? [] : synonyms.split(';').map((s) => s.trim());
    const [snomedCode, ...display] = code.split('=');
    return {
      name,
      phrases: [name, ...all.filter((s) => !s.startsWith('='))],
      abbreviations: all.filter((s) => s.startsWith('=')).map((s) => s.slice(1)),
      ...(snomedCode === undefined || snomedCode === ''
        ? {}
        : { snomed: { code: snomedCode, display: display.join('=') } }),
    };
  });

/** SNOMED CT's system URI. */
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
