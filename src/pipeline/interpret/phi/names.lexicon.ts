/**
 * Common US first names (with nicknames) and surnames, lower case, written by hand from general
 * knowledge of US naming. Names that are also everyday or clinical words are listed in
 * AMBIGUOUS_NAMES (or appear in words.lexicon.ts): they count only next to a cue.
 */
const words = (text: string): readonly string[] => text.split(/\s+/).filter(Boolean);

export const FIRST_NAMES = words(`
aaron abby abigail abraham ada adam adele adrian adrienne agnes aidan aileen alan alana albert
alberta alberto alec alejandro alex alexa alexander alexandra alexis alfred alfredo alice alicia
alison allan allison alma alonzo alvin amanda amelia amy ana andre andrea andres andrew andy
angela angelina angelo angie anita ann anna annabelle anne annette annie anthony antoinette
antonio april archie arlene arnold arthur ashley audrey austin ava avery
barbara barb barney barry bart beatrice becky belinda ben benjamin bennie bernadette bernard
bernice bert bertha beryl bessie beth bethany betsy betty beulah beverly bianca billie billy
blanche bob bobbie bobby bonnie boris brad bradley brandon brenda brendan brent brett brian
bridget brittany brooke bruce bryan bryce byron
caitlin calvin cameron camille candace carl carla carlos carmela carmen carmine carol carole
caroline carolyn carrie casey cassandra catherine cathy cecil cecilia cedric celeste charlene
charles charlie charlotte chelsea cheryl chester chris christian christina christine christopher
christy cindy claire clara clarence claude claudia clayton clement clifford clinton clyde cody
colin colleen concetta connie conrad constance cora corey cornelius courtney craig cristina
curtis cynthia
daisy dallas damian dan dana daniel danielle danny darlene darrell darren daryl dave david
davie dawson debbie debby deborah debra deirdre delbert delia della delores denise dennis derek
derrick desmond diana diane dianne dick dina dolores dominic dominick donald donna donnie dora
doreen doris dorothy doug douglas duane dustin dwayne dwight dylan
earl earnest ed eddie edgar edith edmund edna eduardo edward edwin eileen elaine eleanor elena
eli elijah elisa elise eliza elizabeth ella ellen ellie elmer eloise elsie elvira emil emilia
emily emma emmett enrique eric erica erik erin ernest ernestine ernie esmeralda esperanza estelle
esther ethan ethel etta eugene eula eunice eva evan evelyn everett
fannie farrah felicia felix fernando flora florence floyd frances francesca francis francisco
frankie franklin fred freda freddie frederick frieda
gabriel gabriella gail garrett gary gavin genevieve geoffrey george georgia gerald geraldine
gerard gerry gertrude gilbert gina giovanni giuseppe gladys glenda gloria gordon greg gregory
greta gretchen guadalupe gus gwen gwendolyn
hal hank hannah harold harriet harris harry harvey hattie hazel heather hector heidi helen
helena henrietta henry herbert herman hilda holly homer horace howard hubert hugh hugo
ian ida igor ike imelda ina inez ingrid ira irene iris irma irving isaac isabel isabella
isabelle ivan
jacob jacqueline jacquelyn jaime jake james jamie jan jana jane janet janice janie jared jasmine
jason javier jean jeanette jeanne jeannette jeff jeffery jeffrey jenna jennie jennifer jenny
jeremiah jeremy jerome jerry jesse jessica jessie jill jim jimmie jimmy jo joan joann
joanna joanne jocelyn jodi jody joe joel joey johanna john johnnie johnny jon jonathan jordan
jorge jose josefina joseph josephine josh joshua joyce juan juanita judith judy julia julian
julie juliet julio julius justin
kara karen kari karl karla kate katherine kathleen kathryn kathy katie katrina kay kayla keith
kelly ken kendra kenneth kenny kent kerry kevin kim kimberly kirk krista kristen kristin
kristina kristy kurt kyle
lana lance larry laura lauren laurie lawrence leah leanne lena leo leon leona leonard leroy
leslie lester leticia lewis lillian lillie linda lindsay lindsey lionel lisa liz liza lloyd
lois lola lonnie lorena loretta lori lorraine louis louise lucia lucille lucy luigi luis luisa
luke lula luther lydia lynda lynn lynne
mabel mackenzie madeline madison mae maggie malcolm mamie mandy manuel marc marcia
marco marcus margaret margarita margie margo maria marian marianne marie marilyn marina mario
marion marjorie marlene marsha marshall martha martin marty marvin mary maryann matt matthew
maureen maurice maxine megan meghan melanie melinda melissa melody melvin mercedes meredith
michael michele michelle miguel mike mildred millie milton minnie miranda miriam mitchell molly
mona monica monique morris muriel myra myrna myrtle
nadine nancy naomi natalie natasha nathan nathaniel neal ned neil nell nellie nettie nicholas
nicole nikki nina noah noel nora norma norman
olga olive oliver olivia ollie omar opal ora oscar otis owen
pablo pam pamela pasquale patrice patricia patrick patsy patti patty paul paula paulette
pauline pedro peggy percy perry pete peter phil philip phyllis priscilla
rachael rachel rafael ralph ramon ramona randall randy raul rebecca regina reginald rene renee
rhonda ricardo richard rick ricky rita rob robbie robert roberta roberto robyn rocco roger
roland ron ronald ronnie rosa rosalie rosalind rosario rosemary roxanne roy ruben rudolph rudy
rufus russell ruth ryan
sabrina sadie sal sally salvatore samantha samuel sandra sara sarah scott sean selma serena
sergio seth shane shannon sharon shawn sheila shelby shelia shelley sheri sherri sherry shirley
sidney silvia simon sofia sonia sonja sophia sophie stacey stacy stan stanley stella stephanie
stephen steve steven stewart stuart susan susanne susie suzanne sylvia
tamara tammy tanya tara ted teddy teresa terrence terri terry thelma theodore theresa thomas
tiffany tim timothy tina toby todd tom tommy toni tony tonya tracey traci tracy travis trevor
troy tyler tyrone
ursula valerie vanessa vera vernon veronica vicki vicky victor victoria vincent viola violet
virgil virginia vivian vladimir
wade wallace wally walt walter wanda warren wayne wendy wesley wilbur wilfred willard william
willie wilma winifred winston
yolanda yvette yvonne zachary zelda zoe
abdul ahmed ali amir anil ashok deepak fatima hassan hussein ibrahim karim mohamed mohammed
muhammad priya rahul raj rajesh ravi sanjay sunil vijay yusuf wei jun li ming hiroshi kenji
yuki dmitri sergei mikhail nikolai olga svetlana tatiana irina natalia stefan
`);

export const SURNAMES = words(`
abbott acevedo acosta adkins aguilar aguirre ahmed alexander alfaro allison alvarado alvarez
andersen anderson andrade andrews anthony archer arellano arias armstrong arnold arroyo atkins
atkinson austin avalos avery avila ayala ayers
bailey baldwin ballard banks barajas barber barker barnes barnett barr barrera barrett barron
barry bartlett barton bates bauer baxter beard beasley beck becker beltran benitez bennett benson
bentley berg berger bernal bernstein berry bishop blackburn blackwell blair blanchard
blankenship blevins bonilla booker boone booth bowen bowers bowman boyd boyer boyle bradford
bradley bradshaw brady brandt brennan brewer bridges briggs brock browning bruno bryant
buchanan buckley bullock burch burgess burke burnett burns burton butler byrd byrne
cabrera cain calderon caldwell calhoun callahan camacho cameron campbell campos cannon cantrell
cantu cardenas carey carlson carr carrillo carroll carson caruso casey castaneda castillo
castro cervantes chambers chan chandler chang chapman chavez chen choi christensen chung
cisneros clark clarke clayton clements cline cobb cochran coffey cohen cole coleman collier
collins colon combs compton conley connell connelly connolly conner conrad conway cooper
copeland cordova correa cortes cortez costa costello cox craig crawford crosby cruz cullen
cummings cunningham curry curtis
dalton daly damico daniels daugherty davenport davidson davies davila davis dawson decker
delacruz delaney delgado deluca dennis desantis diaz dickerson dickson dillon dixon dodson
doherty dominguez donaldson donnelly donovan dorsey dougherty douglas doyle dudley duffy
duncan dunlap dunn dunne duran durham dyer
eaton edwards elliott ellis ellison erickson espinoza esposito estes estrada evans everett
farley farrell faulkner feldman ferguson fernandez ferrara ferrari figueroa finley fischer
fitzgerald fitzpatrick flanagan fleming fletcher flores flynn fontana franco franklin frazier
frederick freeman friedman fuentes fuller
gaines galindo gallagher gallegos gallo galvan garcia gardner garner garrett garrison garza
gentry gibbs gibson gilbert giles gill gillespie gilmore giordano glover goldberg golden gomez
gonzales gonzalez goodwin gordon gould graham greco greenberg greene greer gregory griffin
griffith gross guerra guerrero gutierrez guzman
hahn hale haley hamilton hammond hampton hancock hanna hansen hanson hardin harding hardy
harmon harper harrell harrington harris harrison hartman harvey hawkins hayden hayes haynes
healy hebert henderson hendricks hendrix hennessy henry hensley henson herman
hernandez herrera hess hester hicks higgins hinton hobbs hodge hodges hoffman hogan holland
holloway holmes holt hopkins horowitz horton houston howard howe howell hubbard huber hudson
huff huffman hughes hull humphrey hurley hurst hutchinson huynh
ibarra ingram jacobs jacobson jaramillo jarvis jefferson jenkins jennings jensen jimenez
johnson johnston jones jordan joseph juarez
kane kaplan katz kaufman kavanagh keane keller kelley kelly kemp kennedy kenny kent kerr
khan kim kirby kirk klein kline knapp knox koch kowalski kramer krause krueger
lambert landry lara larsen larson lawrence lawson leach leary leblanc lee leon leonard lester
levy lewis lin lindsey little livingston lloyd logan lombardi lombardo lopez lowery lozano
lucas lucero lugo luna lynch lyons
macdonald macias mack madden maddox magee maguire maher mahoney maldonado malone mancini mann
manning marin marino marquez marshall martin martinez mason mathews mathis matthews maxwell
mayer maynard mays mcbride mccall mccann mccarthy mcclain mcclure mcconnell mccormick
mccoy mccullough mcdaniel mcdonald mcdonnell mcdowell mcfarland mcgee mcgrath mcguire mcintosh
mcintyre mckay mckee mckenna mckenzie mckinney mclaughlin mclean mcmahon mcmillan mcnamara
mcpherson meadows medina mejia melendez melton mendez mendoza mercado merritt meyer meyers
michaels middleton miranda mitchell molina monroe montes montgomery montoya moody moran
morales moreno moretti morgan morris morrison morrow morton mosley mueller mullen mullins
munoz murillo murray myers
nash navarro neal nelson newton nguyen nichols nicholson nielsen nixon nolan norris novak
nowak nunez
obrien oconnell oconnor odom odonnell oliver olsen olson oneal oneill orozco orr ortega ortiz
osborne owens
pacheco padilla palmer parker parrish parsons patel patrick patterson patton paul payne pearson
peck pena pennington perez perkins perry peters petersen peterson pham phelps phillips pierce
pineda pitts pollard ponce portillo powell preston proctor pruitt
quinn quintana quintero
ramirez ramos ramsey randall randolph rangel rasmussen reilly reyes reyna reynolds rhodes ricci
richards richardson richmond riley rinaldi rios rivas rivera rizzo robbins roberson roberts
robertson robinson robles rocha rodgers rodriguez rogers rollins romano romero rosales rosario
rosen rosenberg ross rossi roth rowe rowland roy rubio ruiz russell russo ryan
salas salazar salinas sampson sanchez sanders sandoval sanford santana santiago santos
santoro saunders schaefer schmidt schmitt schneider schroeder schultz schwartz scott serrano
sexton shaffer shah shannon shapiro shaw shea sheehan shelton shepard shepherd sheppard sherman
silva silverman simmons simpson singh singleton skinner sloan smith snyder solis solomon soto
spencer stafford stanley stanton stark steele stein stephens stephenson stevens stevenson
stewart stout strickland stuart sullivan sutton swanson sweeney
tang tanner tapia tate taylor terrell thomas thompson thornton todd torres townsend tran
travis trevino trujillo truong tucker turner tyler
underwood valdez valencia valentine valenzuela vance vargas vasquez vaughan vaughn vazquez
vega velasquez velazquez velez ventura villa villanueva villarreal vincent vitale vu
wade wagner walker wallace walsh walter walters walton wang warner warren watkins watson
weaver webb weber webster weiss welch wheeler whelan whitaker whitehead whitney wiggins
wilcox wiley wilkerson wilkins wilkinson williams williamson willis wilson winters wise wolfe
wong woodard woodward wright wu wyatt
xiong yang yates yoder york young yu zamora zavala zhang zimmerman zuniga
adamczyk dabrowski grabowski jankowski kaminski kowalczyk kozlowski krawczyk kwiatkowski
lewandowski majewski michalski nowakowski olszewski pawlowski piotrowski szymanski wisniewski
wojcik wozniak zielinski
bianchi colombo conti coppola esposito fiore gallo gentile giordano greco leone longo mariani
marino martinelli palumbo pellegrini romano russo serra testa vitale
lehmann neumann richter scholz schulz wolff zimmermann hartmann hofmann braun
cohen goldstein katz levin levine rubin shapiro weinstein feldman horowitz kaplan
`);

/**
 * Names that are also common words, months or clinical terms (May, Will, Bill, Mae for "moves
 * all extremities", Ted for TED stockings): names only next to a cue.
 */
export const AMBIGUOUS_NAMES = words(`
al amber angel april jesus art august autumn bill bud buck candy carter chase chip cliff crystal
dale dawn dean don drew ed eve faith frank gene glen grace grant guy hope hunter ivy jack jay
joy june kit lee lily lou mae mark mason max may miles norm pat pearl penny ray rex rich robin
rod rose ruby rusty sam sandy skip sue summer sunny ted val will
black brown green white gray grey young king hill wood woods hall wall walls price bell cook
ward long west north south east stone fox hunt mills wells rice hart banks bush snow marsh
rivers fields park parks short bright best bond brooks cross day ford good lamb love page
pope rose sharp small spears strong sweet walker porter potter hunter mayo foley fowler miller
baker carpenter fisher gardner parker shepherd taylor turner weaver mason barber butler
cooper farmer fletcher knight sparks flowers waters summers house church branch duke moon
frost glass noble savage golden ware marks clay gates heath horn pace rush case bean crane
lane blake drake stokes pratt lang bass hood sims graves little lowe
`);
