/**
 * Place vocabulary. Under HIPAA a state is not PHI but a city, street, zip or named facility is;
 * the detector reports named facilities and places as 'address'. Lower case.
 */
const words = (text: string): readonly string[] => text.split(/\s+/).filter(Boolean);

/** Words that end a facility name: "Holy Cross Hospital", "Keeley House", "North Campus". */
export const FACILITY_SUFFIXES = words(`
hospital hospitals hosp hsp medical clinic clinics center centre ctr
memorial rehab rehabilitation campus manor house va vamc infirmary sanatorium hospice
`);

/** Facility words kept inside the reported name because they distinguish it. */
export const FACILITY_NAME_WORDS = words(`memorial regional general community university`);

/**
 * Words that look like a facility name before a suffix but are generic ("the outside hospital",
 * "a nursing home", "cardiac rehab", "VA hospital").
 */
export const GENERIC_FACILITY_WORDS = words(`
outside other another local area referring receiving previous prior nearest nearby same
current new old private public state county city children's childrens womens women's mens
mental psychiatric psych teaching acute subacute chronic inpatient outpatient cardiac pulmonary
physical occupational nursing skilled long term short care extended assisted living group
family half funeral treatment health medical general regional university community memorial
va vamc osh our your his her their this that a an the at to from in of leave left entire home
transfer admitting admission discharge research diagnostic diagnostics laboratory laboratories lab
labs imaging pathology clinical specialty speciality surgical surgery dental dialysis wellness
healthcare scan scans radiology urgent primary maternity orthopedic orthopaedic multispecialty
multi super
`);

/** Street types, for "19 Clover St." style addresses. */
export const STREET_SUFFIXES = words(`
st street ave avenue rd road blvd boulevard ln lane dr drive court place terrace circle pkwy
parkway hwy highway square trail
`);

/** US state and territory abbreviations (for "City, ST 12345"). */
export const STATE_CODES = words(`
al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm
ny nc nd oh ok or pa pr ri sc sd tn tx ut vt va wa wv wi wy
`);

/** Large US cities and well-known places: named on their own, a city is PHI. */
/** Large US cities and state capitals: named on their own, a city is PHI. */
export const CITIES = words(`
albany albuquerque anaheim anchorage annapolis arlington atlanta augusta aurora austin
bakersfield baltimore bismarck boise boston bronx brooklyn buffalo charleston charlotte
chesapeake cheyenne chicago cincinnati cleveland columbus concord dallas dayton denver detroit
dover durham fresno glendale greensboro harrisburg hartford helena henderson hialeah honolulu
houston indianapolis irvine jackson jacksonville juneau lansing laredo lexington lincoln
louisville lubbock madison memphis mesa miami milwaukee minneapolis montgomery montpelier
nashville newark norfolk oakland olympia omaha orlando philadelphia phoenix pierre pittsburgh
plano portland providence queens raleigh reno richmond riverside rochester sacramento seattle
spokane springfield stockton tacoma tallahassee tampa toledo topeka trenton tucson tulsa
wichita worcester yonkers
`);

/** Large world cities: a relative "flying in from" one of them is a place under HIPAA too. */
export const WORLD_CITIES = words(`
amsterdam athens bangkok barcelona beijing berlin bogota brussels budapest cairo delhi dubai
dublin geneva istanbul jerusalem kiev kyiv lagos lisbon london madrid manila melbourne
milan montreal moscow mumbai munich naples nairobi oslo ottawa paris prague rome seoul
shanghai singapore stockholm sydney taipei tokyo toronto vancouver vienna warsaw zurich
`);

/** US state names: not PHI on their own (HIPAA allows the state), so never reported alone. */
export const STATE_NAMES = words(`
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina
dakota ohio oklahoma oregon pennsylvania rhode island tennessee texas utah vermont virginia
washington wisconsin wyoming
`);

/** Countries: not PHI under HIPAA (only places smaller than a state are), never reported. */
export const COUNTRIES = words(`
afghanistan albania algeria argentina armenia australia austria bahamas bangladesh barbados
belgium bermuda bolivia bosnia brazil bulgaria cambodia cameroon canada chile china colombia
croatia cuba cyprus czech denmark dominican ecuador egypt england eritrea ethiopia finland
france germany ghana greece grenada guatemala guyana haiti honduras hungary iceland india
indonesia iran iraq ireland israel italy jamaica japan jordan kenya korea lebanon liberia
lithuania malaysia mexico morocco nepal netherlands nicaragua nigeria norway pakistan panama
peru philippines poland portugal romania russia scotland senegal serbia singapore slovakia
somalia spain sudan sweden switzerland syria taiwan thailand trinidad turkey uganda ukraine
uruguay venezuela vietnam wales yemen zimbabwe republic states usa calif fla ariz penn conn
mass wash mich tex wisc minn colo
`);

/** Two-word places that the single-word list cannot express. */
export const CITY_PHRASES = [
  'new york',
  'los angeles',
  'san diego',
  'san francisco',
  'san antonio',
  'san jose',
  'las vegas',
  'fort worth',
  'new orleans',
  'st louis',
  'st. louis',
  'salt lake city',
  'washington dc',
  'washington d.c.',
] as const;
