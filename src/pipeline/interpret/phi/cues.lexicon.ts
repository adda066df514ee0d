/**
 * Cue words: what, next to a word, says it is a name or a place. Lower case, as tokens are
 * compared.
 */
const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/** After these a word is a name unless it is a grammar word ("Dr. aware" is not). */
export const DOCTOR_TITLES = words(`dr drs doctor doctors dr's`);

/** Courtesy titles, followed by a surname, which is often an everyday word (Mrs. Powers). */
export const TITLES = words(`mr mrs ms miss mister madam mx messrs`);

/** "MS" is also mental status and multiple sclerosis: it needs a listed name after it. */
export const AMBIGUOUS_TITLES = words(`ms mx`);

/** Roles before a name ("NP Carol", "HO Schwarz"): also abbreviations, so only weak cues. */
export const ROLES = words(`
np rn md ho nurse rabbi reverend rev pastor chaplain attending resident fellow intern caseworker
sw pcp surgeon cardiologist oncologist nephrologist neurologist therapist dietitian nutritionist
aide sitter interpreter
`);

/** Relations before a name ("son Bill", "daughter-Krissy") or in brackets after it. */
export const RELATIONS = words(`
son sons daughter daughters dtr dtrs dau wife husband hus spouse brother brothers bro sister
sisters sis mother father mom dad niece nieces nephew nephews aunt uncle cousin grandson
grandsons granddaughter grandaughter granddaughters grandmother grandfather friend girlfriend
boyfriend fiance fiancee partner neighbor neighbour proxy hcp poa guardian spokesperson sibling
stepson stepdaughter companion
`);

/** Plural cues start lists of names ("sons Smokey, Morris and Roger"). */
export const PLURAL_CUES = words(`
drs doctors sons daughters dtrs brothers sisters nieces nephews grandsons granddaughters
`);

/** Credentials after a name close a signature ("Irene Snell, RN", "B. Parrilli BSN/RN"). */
export const CREDENTIALS = words(`
rn rrt crt np md bsn msn lpn cna msw lcsw licsw slp rd ldn pharmd rph crna aprn fnp acnp cnm dpt
mpt otr pa-c phd mph facc facp frcp mbbs dnp
`);

/** Words before an initial and surname ("per B. Kargas", "called N. Grandone"). */
export const BEFORE_INITIAL = words(`
per by w with to and called paged notified from cc dr drs np rn md attending
`);

/** Verbs whose preposition introduces a place ("transferred to X", "lives in X"). */
export const MOVES = words(`
transfer transferred transfered tranferred tranfered xfer xferred admitted admit readmitted
taken went sent brought presented arrived came returned discharged accepted screened flown
flighted medflighted lives living lived resides residing moved works worked vacation vacationing
staying called calling flying fly drove driving headed born visiting referred trans followed
seen go going leave left retired enroute adm transport transported medflight ambulance returning
return son daughter dtr wife husband brother sister family friend relatives
`);

/** Adverbs that may stand between such a verb and its preposition ("transferred back to"). */
export const MOVE_ADVERBS = words(`back over out here there home directly today`);
