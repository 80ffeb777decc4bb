/**
 * French vocabulary of the synthetic data sets: départements (with the phrase « du Finistère », a population
 * weight in tens of thousands of inhabitants and three towns, the first the préfecture), names of facilities and
 * organisations, DUI software products (fictitious editors: the demo must not say which real product is or is not
 * Ségur-referenced), texts of comments and justifications. None of it is real data about a real facility.
 */

export interface DepartementInfo {
  code: string;
  /** « du Finistère », « de l'Hérault », « de La Réunion ». */
  phrase: string;
  /** Population in tens of thousands (weights the drawing of facilities). */
  population: number;
  towns: readonly string[];
}

const DEPARTEMENT_LINES = `
01|de l'Ain|66|Bourg-en-Bresse,Oyonnax,Belley
02|de l'Aisne|53|Laon,Saint-Quentin,Soissons
03|de l'Allier|33|Moulins,Montluçon,Vichy
04|des Alpes-de-Haute-Provence|16|Digne-les-Bains,Manosque,Sisteron
05|des Hautes-Alpes|14|Gap,Briançon,Embrun
06|des Alpes-Maritimes|110|Nice,Cannes,Grasse
07|de l'Ardèche|33|Privas,Annonay,Aubenas
08|des Ardennes|27|Charleville-Mézières,Sedan,Rethel
09|de l'Ariège|15|Foix,Pamiers,Saint-Girons
10|de l'Aube|31|Troyes,Romilly-sur-Seine,Bar-sur-Aube
11|de l'Aude|37|Carcassonne,Narbonne,Limoux
12|de l'Aveyron|28|Rodez,Millau,Villefranche-de-Rouergue
13|des Bouches-du-Rhône|206|Marseille,Aix-en-Provence,Arles
14|du Calvados|69|Caen,Lisieux,Bayeux
15|du Cantal|14|Aurillac,Saint-Flour,Mauriac
16|de la Charente|35|Angoulême,Cognac,Confolens
17|de la Charente-Maritime|65|La Rochelle,Saintes,Rochefort
18|du Cher|30|Bourges,Vierzon,Saint-Amand-Montrond
19|de la Corrèze|24|Tulle,Brive-la-Gaillarde,Ussel
2A|de la Corse-du-Sud|16|Ajaccio,Porto-Vecchio,Sartène
2B|de la Haute-Corse|18|Bastia,Corte,Calvi
21|de la Côte-d'Or|53|Dijon,Beaune,Montbard
22|des Côtes-d'Armor|60|Saint-Brieuc,Lannion,Dinan
23|de la Creuse|12|Guéret,Aubusson,La Souterraine
24|de la Dordogne|41|Périgueux,Bergerac,Sarlat-la-Canéda
25|du Doubs|54|Besançon,Montbéliard,Pontarlier
26|de la Drôme|52|Valence,Montélimar,Romans-sur-Isère
27|de l'Eure|60|Évreux,Vernon,Bernay
28|d'Eure-et-Loir|43|Chartres,Dreux,Châteaudun
29|du Finistère|92|Quimper,Brest,Morlaix
30|du Gard|75|Nîmes,Alès,Bagnols-sur-Cèze
31|de la Haute-Garonne|141|Toulouse,Muret,Saint-Gaudens
32|du Gers|19|Auch,Condom,Mirande
33|de la Gironde|165|Bordeaux,Libourne,Arcachon
34|de l'Hérault|118|Montpellier,Béziers,Sète
35|d'Ille-et-Vilaine|110|Rennes,Saint-Malo,Fougères
36|de l'Indre|22|Châteauroux,Issoudun,Le Blanc
37|d'Indre-et-Loire|61|Tours,Amboise,Chinon
38|de l'Isère|127|Grenoble,Vienne,Bourgoin-Jallieu
39|du Jura|26|Lons-le-Saunier,Dole,Saint-Claude
40|des Landes|42|Mont-de-Marsan,Dax,Biscarrosse
41|du Loir-et-Cher|33|Blois,Vendôme,Romorantin-Lanthenay
42|de la Loire|77|Saint-Étienne,Roanne,Montbrison
43|de la Haute-Loire|23|Le Puy-en-Velay,Yssingeaux,Brioude
44|de la Loire-Atlantique|144|Nantes,Saint-Nazaire,Châteaubriant
45|du Loiret|68|Orléans,Montargis,Gien
46|du Lot|17|Cahors,Figeac,Gourdon
47|du Lot-et-Garonne|33|Agen,Villeneuve-sur-Lot,Marmande
48|de la Lozère|8|Mende,Marvejols,Florac
49|du Maine-et-Loire|82|Angers,Cholet,Saumur
50|de la Manche|49|Saint-Lô,Cherbourg-en-Cotentin,Avranches
51|de la Marne|57|Châlons-en-Champagne,Reims,Épernay
52|de la Haute-Marne|17|Chaumont,Saint-Dizier,Langres
53|de la Mayenne|31|Laval,Mayenne,Château-Gontier
54|de Meurthe-et-Moselle|73|Nancy,Lunéville,Toul
55|de la Meuse|18|Bar-le-Duc,Verdun,Commercy
56|du Morbihan|76|Vannes,Lorient,Pontivy
57|de la Moselle|105|Metz,Thionville,Sarreguemines
58|de la Nièvre|20|Nevers,Cosne-Cours-sur-Loire,Clamecy
59|du Nord|261|Lille,Dunkerque,Valenciennes
60|de l'Oise|83|Beauvais,Compiègne,Senlis
61|de l'Orne|28|Alençon,Argentan,Flers
62|du Pas-de-Calais|146|Arras,Boulogne-sur-Mer,Lens
63|du Puy-de-Dôme|66|Clermont-Ferrand,Riom,Thiers
64|des Pyrénées-Atlantiques|69|Pau,Bayonne,Oloron-Sainte-Marie
65|des Hautes-Pyrénées|23|Tarbes,Lourdes,Bagnères-de-Bigorre
66|des Pyrénées-Orientales|48|Perpignan,Céret,Prades
67|du Bas-Rhin|115|Strasbourg,Haguenau,Sélestat
68|du Haut-Rhin|77|Colmar,Mulhouse,Guebwiller
69|du Rhône|188|Lyon,Villefranche-sur-Saône,Villeurbanne
70|de la Haute-Saône|23|Vesoul,Lure,Gray
71|de Saône-et-Loire|55|Mâcon,Chalon-sur-Saône,Autun
72|de la Sarthe|57|Le Mans,La Flèche,Sablé-sur-Sarthe
73|de la Savoie|44|Chambéry,Albertville,Aix-les-Bains
74|de la Haute-Savoie|83|Annecy,Thonon-les-Bains,Annemasse
75|de Paris|213|Paris,Paris 13e,Paris 20e
76|de la Seine-Maritime|125|Rouen,Le Havre,Dieppe
77|de Seine-et-Marne|143|Melun,Meaux,Fontainebleau
78|des Yvelines|145|Versailles,Saint-Germain-en-Laye,Mantes-la-Jolie
79|des Deux-Sèvres|38|Niort,Bressuire,Parthenay
80|de la Somme|57|Amiens,Abbeville,Péronne
81|du Tarn|39|Albi,Castres,Gaillac
82|de Tarn-et-Garonne|26|Montauban,Castelsarrasin,Moissac
83|du Var|108|Toulon,Draguignan,Hyères
84|de Vaucluse|56|Avignon,Carpentras,Orange
85|de la Vendée|69|La Roche-sur-Yon,Les Sables-d'Olonne,Fontenay-le-Comte
86|de la Vienne|44|Poitiers,Châtellerault,Loudun
87|de la Haute-Vienne|37|Limoges,Saint-Junien,Bellac
88|des Vosges|36|Épinal,Saint-Dié-des-Vosges,Remiremont
89|de l'Yonne|33|Auxerre,Sens,Avallon
90|du Territoire de Belfort|14|Belfort,Delle,Giromagny
91|de l'Essonne|130|Évry-Courcouronnes,Étampes,Palaiseau
92|des Hauts-de-Seine|164|Nanterre,Boulogne-Billancourt,Antony
93|de la Seine-Saint-Denis|166|Bobigny,Saint-Denis,Montreuil
94|du Val-de-Marne|141|Créteil,Vitry-sur-Seine,Nogent-sur-Marne
95|du Val-d'Oise|126|Cergy,Argenteuil,Pontoise
971|de la Guadeloupe|38|Basse-Terre,Pointe-à-Pitre,Le Moule
972|de la Martinique|36|Fort-de-France,Le Lamentin,Le Marin
973|de la Guyane|29|Cayenne,Saint-Laurent-du-Maroni,Kourou
974|de La Réunion|87|Saint-Denis,Saint-Pierre,Saint-Paul
976|de Mayotte|31|Mamoudzou,Dzaoudzi,Koungou`;

export const DEPARTEMENTS: ReadonlyMap<string, DepartementInfo> = new Map(
  DEPARTEMENT_LINES.trim()
    .split('\n')
    .map((line) => {
      const [code = '', phrase = '', population = '0', towns = ''] = line.split('|');
      return [code, { code, phrase, population: Number(population), towns: towns.split(',') }] as const;
    }),
);

/** « de Quimper », « d'Amiens », « du Mans », « des Sables-d'Olonne ». */
export function ofTown(town: string): string {
  if (town.startsWith('Le ')) return `du ${town.slice(3)}`;
  if (town.startsWith('Les ')) return `des ${town.slice(4)}`;
  if (/^[AEÉÈIÎOUY]/.test(town)) return `d'${town}`;
  return `de ${town}`;
}

/** « Finistère » from « du Finistère » (for « Adapei du Finistère » and the like the phrase is used whole). */
export function departementName(info: DepartementInfo): string {
  return info.phrase.replace(/^(du |de la |de l'|des |de |d')/, '');
}

/** Neighbouring regions (metropolitan), for the rare multi-region grappes. */
export const NEIGHBOUR_REGIONS: Readonly<Record<string, readonly string[]>> = {
  '84': ['27', '93', '76', '75', '24'],
  '27': ['84', '44', '24', '11'],
  '53': ['52', '28'],
  '24': ['52', '75', '28', '11', '27', '84'],
  '44': ['32', '27', '11'],
  '32': ['11', '44', '28'],
  '11': ['32', '28', '24', '27', '44'],
  '28': ['53', '52', '24', '11', '32'],
  '75': ['52', '24', '84', '76'],
  '76': ['75', '84', '93'],
  '52': ['53', '28', '24', '75'],
  '93': ['84', '76'],
};

/** Short slug of a region for the pseudo e-mail of its ARS officers in the audit log. */
export const REGION_SLUGS: Readonly<Record<string, string>> = {
  '84': 'auvergne-rhone-alpes',
  '27': 'bourgogne-franche-comte',
  '53': 'bretagne',
  '24': 'centre-val-de-loire',
  '94': 'corse',
  '44': 'grand-est',
  '32': 'hauts-de-france',
  '11': 'ile-de-france',
  '28': 'normandie',
  '75': 'nouvelle-aquitaine',
  '76': 'occitanie',
  '52': 'pays-de-la-loire',
  '93': 'paca',
  '01': 'guadeloupe',
  '02': 'martinique',
  '03': 'guyane',
  '04': 'reunion',
  '06': 'mayotte',
};

/** FINESS categories with a weight (roughly their share of facilities in France) and a capacity range (null: none). */
export const CATEGORY_PROFILES: Readonly<
  Record<string, { weight: number; capacity: readonly [number, number] | null }>
> = {
  '500': { weight: 75, capacity: [40, 120] },
  '501': { weight: 2, capacity: [20, 60] },
  '502': { weight: 3, capacity: [20, 60] },
  '202': { weight: 22, capacity: [20, 80] },
  '207': { weight: 6, capacity: [6, 20] },
  '354': { weight: 21, capacity: [20, 90] },
  '460': { weight: 40, capacity: null },
  '209': { weight: 5, capacity: [30, 100] },
  '182': { weight: 18, capacity: [20, 60] },
  '183': { weight: 12, capacity: [30, 90] },
  '186': { weight: 4, capacity: [20, 60] },
  '188': { weight: 2, capacity: [15, 40] },
  '189': { weight: 3, capacity: null },
  '190': { weight: 3, capacity: null },
  '192': { weight: 1, capacity: [20, 70] },
  '194': { weight: 0.4, capacity: [20, 60] },
  '195': { weight: 0.7, capacity: [20, 60] },
  '196': { weight: 0.2, capacity: [10, 30] },
  '246': { weight: 14, capacity: [30, 120] },
  '252': { weight: 12, capacity: [15, 50] },
  '255': { weight: 6, capacity: [25, 60] },
  '382': { weight: 18, capacity: [20, 50] },
  '437': { weight: 7, capacity: [20, 50] },
  '448': { weight: 3, capacity: [20, 50] },
  '449': { weight: 4, capacity: [15, 40] },
  '445': { weight: 3.5, capacity: [15, 40] },
  '446': { weight: 13, capacity: [20, 80] },
  '177': { weight: 13, capacity: [20, 60] },
  '175': { weight: 1.5, capacity: [20, 50] },
  '295': { weight: 4, capacity: null },
  '214': { weight: 8.5, capacity: [20, 80] },
  '443': { weight: 10, capacity: [40, 150] },
  '258': { weight: 8, capacity: [10, 25] },
  '197': { weight: 4.5, capacity: null },
  '178': { weight: 1.5, capacity: null },
  '165': { weight: 2, capacity: [5, 15] },
  '180': { weight: 1, capacity: [5, 15] },
  '340': { weight: 4.5, capacity: null },
  '341': { weight: 2, capacity: null },
};

/** Kinds of organismes gestionnaires: their share, the categories they run and how many ESSMS each runs. */
export interface OgKind {
  code: string;
  weight: number;
  categories: readonly string[];
  size: readonly [number, number];
  family: string;
}

export const OG_KINDS: readonly OgKind[] = [
  { code: 'PA_PUBLIC', weight: 20, categories: ['500', '500', '500', '202'], size: [1, 2], family: 'PA' },
  { code: 'CCAS', weight: 12, categories: ['202', '500', '460', '354', '207'], size: [1, 4], family: 'PA' },
  {
    code: 'PA_ASSO',
    weight: 18,
    categories: ['500', '500', '501', '502', '207', '202'],
    size: [1, 6],
    family: 'PA',
  },
  { code: 'PA_GROUP', weight: 2, categories: ['500'], size: [5, 30], family: 'PA' },
  {
    code: 'DOMICILE',
    weight: 15,
    categories: ['460', '460', '354', '209'],
    size: [1, 5],
    family: 'DOMICILE',
  },
  {
    code: 'PH',
    weight: 14,
    categories: [
      '182',
      '183',
      '186',
      '188',
      '189',
      '190',
      '246',
      '252',
      '255',
      '382',
      '437',
      '448',
      '449',
      '445',
      '446',
      '192',
      '194',
      '195',
      '196',
    ],
    size: [3, 22],
    family: 'PH',
  },
  {
    code: 'ENFANCE',
    weight: 6,
    categories: ['177', '177', '175', '295', '182'],
    size: [2, 9],
    family: 'PROTECTION_ENFANCE',
  },
  { code: 'AHI', weight: 6, categories: ['214', '443', '258'], size: [1, 6], family: 'AHI' },
  {
    code: 'ADDICTO',
    weight: 3,
    categories: ['197', '178', '165', '180'],
    size: [1, 4],
    family: 'DIFFICULTES_SPECIFIQUES',
  },
  { code: 'PJM', weight: 2, categories: ['340', '341'], size: [1, 3], family: 'PJM' },
  {
    code: 'FONDATION',
    weight: 2,
    categories: ['500', '183', '246', '255', '177', '382', '202', '354'],
    size: [8, 45],
    family: 'MIXTE',
  },
];

const RESIDENCES = [
  'Les Tilleuls',
  'Les Glycines',
  'Le Clos Fleuri',
  'Les Charmilles',
  'La Roseraie',
  'Les Magnolias',
  'Les Hortensias',
  'Les Lilas',
  'Les Cèdres',
  'Le Bois Joli',
  'Les Peupliers',
  'La Source',
  'Les Mimosas',
  'Saint-Joseph',
  'Sainte-Thérèse',
  'Notre-Dame',
  'Les Hirondelles',
  'Les Coquelicots',
  'Le Moulin',
  'Les Genêts',
  'La Cerisaie',
  'Les Érables',
  'Bel Air',
  'Val Fleuri',
  'Les Sources',
  'Les Terrasses',
  'Le Parc',
  'Le Verger',
  "Les Jardins d'Automne",
  'La Maisonnée',
  "L'Arc-en-ciel",
  'Les Oliviers',
  'Les Marronniers',
  'Le Prieuré',
  'Les Acacias',
  'La Chênaie',
  'Les Pins',
  'Le Belvédère',
  'La Providence',
  'Sainte-Marie',
  'Les Capucines',
  'Les Primevères',
  'Le Soleil Levant',
  'Les Bruyères',
  'La Colline',
];

const REGIONAL_RESIDENCES: Readonly<Record<string, readonly string[]>> = {
  '53': ['Ker Anna', 'Ty Glaz', 'Ker Maria', 'Ar Men', 'Les Ajoncs', 'Ker Heol', 'Penn Ar Bed'],
  '76': ["L'Oustal", 'Les Garrigues', 'Lou Solelh', 'Les Cigales', 'La Cépière', 'Les Micocouliers'],
  '93': ['Les Cigales', 'La Bastide', 'Les Lavandes', 'Le Mas Fleuri', 'Les Restanques'],
  '04': ['Les Flamboyants', 'Les Filaos', 'Les Tamarins', 'Les Vacoas', 'Le Bois de Nèfles', 'Les Lataniers'],
  '06': ['Les Ylangs', 'Le Lagon', 'Les Baobabs'],
  '01': ['Les Alizés', 'Les Flamboyants', 'Les Balisiers'],
  '02': ['Les Alizés', 'Les Balisiers', 'Le Morne Vert'],
  '03': ['Les Wapas', 'Les Palmistes', 'Le Fromager'],
  '94': ['U Castagnu', 'A Casa di i Nanni', 'Les Oliviers de Balagne'],
};

const PEOPLE = [
  'Jean Moulin',
  'Louise Michel',
  'Simone Veil',
  'Marie Curie',
  'Victor Hugo',
  'Jean Jaurès',
  'Pierre Brossolette',
  'Lucie Aubrac',
  'Jean Rostand',
  'Louis Braille',
  'Valentin Haüy',
  'Françoise Dolto',
  'Maria Montessori',
  'Janusz Korczak',
  'Germaine Tillion',
  'Paul Éluard',
  'Jacques Prévert',
  'Camille Claudel',
  'Antoine de Saint-Exupéry',
  'René Cassin',
];

const SAINTS = [
  'Saint-Joseph',
  'Saint-Vincent-de-Paul',
  'Sainte-Famille',
  'Notre-Dame',
  'Saint-Jean-de-Dieu',
  'Sainte-Élisabeth',
  'Saint-Martin',
  'Bon Sauveur',
];

const FOUNDATIONS = [
  'Fondation Partage et Entraide',
  'Fondation Horizons Solidaires',
  'Fondation Les Trois Rivières',
  'Fondation Sainte-Hélène',
  'Fondation Amélie-Rousseau',
  'Fondation du Mont-Joli',
  'Fondation Vallée Verte',
  'Fondation Entraide et Avenir',
];

const GROUPS = [
  'Groupe Hestia Seniors',
  'Groupe Sérénité Résidences',
  'Groupe Vivalis Seniors',
  "Groupe Les Jardins d'Ariane",
  'Groupe Aurore Âge',
];

export interface NameContext {
  regionCode: string;
  departement: DepartementInfo;
  town: string;
}

function residence(pick: <T>(items: readonly T[]) => T, regionCode: string, regionalShare: boolean): string {
  const regional = REGIONAL_RESIDENCES[regionCode];
  return regional && regionalShare ? pick(regional) : pick(RESIDENCES);
}

/** Name of an organisme gestionnaire of a kind. */
export function ogName(
  kind: string,
  context: NameContext,
  pick: <T>(items: readonly T[]) => T,
  coin: () => boolean,
): string {
  const { departement, town } = context;
  const of = ofTown(town);
  switch (kind) {
    case 'PA_PUBLIC':
      return coin()
        ? `EHPAD public autonome ${of}`
        : `Établissement public médico-social ${residence(pick, context.regionCode, coin())} ${of}`;
    case 'CCAS':
      return coin() ? `CCAS ${of}` : `Centre intercommunal d'action sociale ${of}`;
    case 'PA_ASSO':
      return coin()
        ? `Association ${residence(pick, context.regionCode, coin())} ${of}`
        : `Association ${pick(SAINTS)} ${of}`;
    case 'PA_GROUP':
      return `${pick(GROUPS)} ${departementName(departement)}`;
    case 'DOMICILE':
      return pick([
        `ADMR ${departement.phrase}`,
        `Association d'aide à domicile ${of}`,
        `Aide et soins à domicile ${of}`,
        `Association Vivre chez soi ${of}`,
      ]);
    case 'PH':
      return pick([
        `Adapei ${departement.phrase}`,
        `APAJH ${departement.phrase}`,
        `Association ${pick(PEOPLE)}`,
        `Association Les Papillons Blancs ${of}`,
        `Association Handi'Cap ${of}`,
      ]);
    case 'ENFANCE':
      return pick([
        `Sauvegarde de l'enfance ${departement.phrase}`,
        `Association ${pick(SAINTS)} pour l'enfance`,
        `Association Jeunesse et Avenir ${of}`,
      ]);
    case 'AHI':
      return pick([
        `Association Accueil et Solidarité ${of}`,
        `Association Le Relais ${of}`,
        `Association L'Escale ${of}`,
        `Association Habitat et Insertion ${departement.phrase}`,
      ]);
    case 'ADDICTO':
      return pick([
        `Association Addictions et Prévention ${departement.phrase}`,
        `Association Le Passage ${of}`,
        `Association Entr'Actes ${of}`,
      ]);
    case 'PJM':
      return pick([
        `UDAF ${departement.phrase}`,
        `Association tutélaire ${departement.phrase}`,
        `Service tutélaire ${of}`,
      ]);
    default:
      return coin() ? pick(FOUNDATIONS) : `Fondation ${pick(PEOPLE)}`;
  }
}

/** Name of an ESSMS of a category. */
export function essmsName(
  category: string,
  context: NameContext,
  pick: <T>(items: readonly T[]) => T,
  coin: () => boolean,
): string {
  const { town } = context;
  const of = ofTown(town);
  const named = (): string => (coin() ? residence(pick, context.regionCode, coin()) : pick(PEOPLE));
  const place = (): string => residence(pick, context.regionCode, coin());
  switch (category) {
    case '500':
      return coin() ? `EHPAD ${place()}` : `EHPAD ${place()} ${of}`;
    case '501':
    case '502':
      return `EHPA ${place()}`;
    case '202':
      return `Résidence autonomie ${place()}`;
    case '207':
      return `Accueil de jour ${place()}`;
    case '354':
      return coin() ? `SSIAD ${of}` : `SSIAD du canton ${of}`;
    case '460':
      return coin() ? `Service d'aide à domicile ${of}` : `SAAD ${place()} ${of}`;
    case '209':
      return `Service autonomie à domicile ${of}`;
    case '182':
      return coin() ? `SESSAD ${of}` : `SESSAD ${named()}`;
    case '183':
      return `IME ${named()}`;
    case '186':
      return `ITEP ${named()}`;
    case '188':
      return `EEAP ${named()}`;
    case '189':
      return `CMPP ${of}`;
    case '190':
      return `CAMSP ${of}`;
    case '192':
      return `IEM ${named()}`;
    case '194':
      return `Institut pour déficients visuels ${named()}`;
    case '195':
      return `Institut d'éducation auditive ${named()}`;
    case '196':
      return `Institut d'éducation sensorielle ${named()}`;
    case '246':
      return coin() ? `ESAT Les Ateliers ${of}` : `ESAT ${named()}`;
    case '252':
      return `Foyer d'hébergement ${place()}`;
    case '255':
      return `MAS ${named()}`;
    case '382':
      return `Foyer de vie ${place()}`;
    case '437':
      return `FAM ${named()}`;
    case '448':
      return `EAM ${named()}`;
    case '449':
      return `EANM ${place()}`;
    case '445':
      return `SAMSAH ${of}`;
    case '446':
      return `SAVS ${of}`;
    case '177':
      return `MECS ${named()}`;
    case '175':
      return `Foyer de l'enfance ${of}`;
    case '295':
      return `Service AEMO ${of}`;
    case '214':
      return `CHRS ${place()}`;
    case '443':
      return `CADA ${of}`;
    case '258':
      return `Pension de famille ${place()}`;
    case '197':
      return `CSAPA ${of}`;
    case '178':
      return `CAARUD ${of}`;
    case '165':
      return `Appartements de coordination thérapeutique ${of}`;
    case '180':
      return `Lits halte soins santé ${of}`;
    case '340':
      return `Service mandataire judiciaire à la protection des majeurs ${of}`;
    case '341':
      return `Service délégué aux prestations familiales ${of}`;
    default:
      return `Établissement ${place()} ${of}`;
  }
}

/** The word a grappe's name uses for its dominant sector. */
export const GRAPPE_THEMES: Readonly<Record<string, readonly string[]>> = {
  PA: ['EHPAD', 'personnes âgées', 'EHPAD et résidences autonomie'],
  DOMICILE: ['domicile', 'aide et soins à domicile'],
  PH: ['handicap', 'handicap enfants et adultes', 'médico-sociale handicap'],
  PH_ENFANTS: ['handicap enfance', 'IME et SESSAD'],
  PH_ADULTES: ['handicap adultes', 'ESAT et foyers'],
  PROTECTION_ENFANCE: ["protection de l'enfance"],
  AHI: ['hébergement et insertion', 'AHI'],
  DIFFICULTES_SPECIFIQUES: ['addictologie', 'difficultés spécifiques'],
  PJM: ['protection juridique des majeurs'],
  MIXTE: ['médico-sociale', 'ESMS numérique', 'multi-secteurs'],
};

/** Fictitious DUI editors and products (a dozen), some not Ségur-referenced. */
export const DUI_SOFTWARE: readonly {
  editor: string;
  product: string;
  version: string;
  wave: 1 | 2 | null;
  referencedAt: string | null;
  regions?: readonly string[];
}[] = [
  { editor: 'Médiatel Santé', product: 'Médiatel DUI', version: '5.2', wave: 1, referencedAt: '2023-03-15' },
  {
    editor: 'Soléane Informatique',
    product: 'Soléane Établissements',
    version: '8.4',
    wave: 1,
    referencedAt: '2022-11-30',
  },
  {
    editor: 'Cassiopée Logiciels',
    product: 'Cassiopée DUI',
    version: '3.1',
    wave: 1,
    referencedAt: '2023-06-20',
  },
  {
    editor: 'Groupe Hélianthe',
    product: 'Hélianthe Domicile',
    version: '2.7',
    wave: 1,
    referencedAt: '2023-01-10',
  },
  {
    editor: 'Atlantide Systèmes',
    product: 'Atlantide Médico-social',
    version: '11.0',
    wave: 2,
    referencedAt: '2025-02-14',
  },
  {
    editor: 'Korrigan Numérique',
    product: 'Korrigan DUI',
    version: '4.0',
    wave: 1,
    referencedAt: '2023-09-05',
    regions: ['53', '52', '28'],
  },
  {
    editor: 'Occitel',
    product: 'Occitel Parcours',
    version: '6.3',
    wave: 1,
    referencedAt: '2023-04-18',
    regions: ['76', '75', '93'],
  },
  {
    editor: 'Lagon Informatique',
    product: 'Lagon DUI',
    version: '2.2',
    wave: 2,
    referencedAt: null,
    regions: ['04', '06', '01', '02', '03'],
  },
  {
    editor: 'Éditions Vauban',
    product: 'Vauban Handicap',
    version: '7.1',
    wave: 1,
    referencedAt: '2022-12-12',
  },
  {
    editor: 'Prisme Médico-Social',
    product: 'Prisme Enfance',
    version: '1.9',
    wave: null,
    referencedAt: null,
  },
  {
    editor: 'Numéria',
    product: 'Numéria Accompagnement',
    version: '3.5',
    wave: 2,
    referencedAt: '2025-06-30',
  },
  { editor: 'Sextant Logiciels', product: 'Sextant PJM', version: '2.0', wave: null, referencedAt: null },
  { editor: 'Alizé Santé', product: 'Alizé Soins', version: '4.4', wave: 1, referencedAt: '2023-02-28' },
];

export const OVERRIDE_JUSTIFICATIONS = [
  'Montant plafonné à la demande du porteur, inférieure au barème de la campagne.',
  "Deux ESSMS de la grappe sont déjà équipés par un financement antérieur : montant réduit d'autant.",
  'Décision du comité régional de sélection : financement partiel dans la limite des crédits disponibles.',
  "Mise en conformité partielle : l'éditeur prend en charge une part de la montée de version (SONS).",
];

export const REFUSAL_REASONS = [
  "Crédits de l'enveloppe régionale épuisés pour cette campagne.",
  'Dossier incomplet : conventions de partenariat entre organismes gestionnaires manquantes.',
  'Logiciel proposé sans engagement de référencement Ségur dans les délais de la campagne.',
  'Plusieurs ESSMS de la grappe ne disposent pas de leur propre FINESS géographique.',
];

export const ABANDON_REASONS = [
  'Retrait du porteur : fusion en cours avec un autre organisme gestionnaire.',
  "L'éditeur retenu a cessé la commercialisation du logiciel.",
  'Le porteur renonce faute de ressources internes pour conduire le déploiement.',
];

export const PROJECT_COMMENTS = [
  'Comité de suivi : déploiement conforme au calendrier, formation des équipes en cours.',
  "Point d'étape avec le GRADeS : accompagnement au paramétrage de l'INS prévu le mois prochain.",
  'Le porteur signale un retard de livraison de l’éditeur sur le connecteur DMP.',
  'Réunion de lancement tenue avec les organismes gestionnaires de la grappe.',
  'Relance adressée au porteur pour la déclaration des indicateurs d’usage.',
  'Convention transmise à la Caisse des dépôts pour le versement de la tranche 1.',
];

export const CNSA_COMMENTS = [
  'Interne CNSA : éditeur non référencé Ségur, tranche 2 à risque.',
  'Interne CNSA : vérifier la cohérence des indicateurs MSSanté déclarés avec les données nationales.',
  'Interne CNSA : projet suivi au comité national du programme.',
  'Interne CNSA : écart entre montant demandé et barème à documenter.',
];

export const REJECTION_COMMENTS = [
  'Pièce justificative illisible : merci de transmettre le procès-verbal de recette signé.',
  "Les indicateurs déclarés ne couvrent pas l'ensemble des ESSMS de la grappe.",
  "La version en production n'est pas celle référencée Ségur : joindre l'attestation de l'éditeur.",
];

export const DECLARATION_COMMENTS: Readonly<Record<string, string>> = {
  CONVENTION_SIGNEE: 'Convention signée par le porteur et l’ARS, copie jointe.',
  DUI_DEPLOYE: 'DUI déployé dans tous les ESSMS de la grappe (procès-verbaux de recette joints).',
  SEGUR_PRODUCTION: 'Version référencée Ségur en production, attestation de l’éditeur jointe.',
  INS_QUALIFIEE: 'Téléservice INSi opérationnel, identités qualifiées à l’admission.',
  MSSANTE_OPERATIONNELLE: 'Boîtes aux lettres MSSanté organisationnelles ouvertes et utilisées.',
  DMP_ALIMENTE: 'Documents de liaison versés au DMP / Mon espace santé.',
  CIBLES_USAGE: "Indicateurs d'usage déclarés sur les trois derniers mois.",
};
