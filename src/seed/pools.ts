import { base, en, Faker } from '@faker-js/faker';

/**
 * The words the generated rows are made of, drawn once from a faker seeded
 * with --seed. They go to the server as array parameters and the SQL picks
 * entries by hashing each row's number (src/seed/sql.ts), so the big tables
 * are built server-side while the text still reads like real data.
 */
export interface SeedPools {
  firstNames: string[];
  lastNames: string[];
  companies: string[];
  userAgents: string[];
  /** "A neon-lit street market" */
  promptSubjects: string[];
  /** "in the style of watercolor" */
  promptStyles: string[];
  projectNames: string[];
  workbenchNames: string[];
  assetWords: string[];
  colors: string[];
  fonts: string[];
  templateNames: string[];
  feedbackComments: string[];
}

const POOL_SIZE = 400;

const styles = [
  'watercolor', 'flat vector art', 'isometric 3D', 'film photography', 'pixel art', 'oil painting', 'Bauhaus poster',
  'minimalist line art', 'cyberpunk neon', 'Studio Ghibli-like animation', 'paper cut-out', 'vintage travel poster',
  'product photography on a seamless background', 'claymation', 'art deco', 'Scandinavian minimalism',
];
const lighting = ['golden hour light', 'soft studio lighting', 'dramatic rim light', 'overcast daylight', 'candle light', 'blue hour', 'high-key lighting'];
const formats = ['for an Instagram post', 'as a 16:9 banner', 'for a story', 'as a square thumbnail', 'for a print flyer', 'as a hero image'];
const fonts = ['Inter', 'Roboto', 'Montserrat', 'Playfair Display', 'Lato', 'Poppins', 'Merriweather', 'Source Sans 3', 'Oswald', 'DM Serif Display', 'Space Grotesk', 'Nunito'];
const workbenchKinds = ['Campaigns', 'Social', 'Brand refresh', 'Client work', 'Experiments', 'Launch', 'Seasonal', 'Website'];
const projectKinds = ['launch teaser', 'spring sale', 'product carousel', 'newsletter header', 'podcast cover', 'event poster', 'webinar banner', 'holiday card', 'menu board', 'recruiting post'];

function times<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
}

export function seedPools(seed: number): SeedPools {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const pick = <T>(values: readonly T[]): T => faker.helpers.arrayElement(values);
  return {
    firstNames: times(POOL_SIZE, () => faker.person.firstName()),
    lastNames: times(POOL_SIZE, () => faker.person.lastName()),
    companies: times(POOL_SIZE, () => faker.company.name().slice(0, 80)),
    userAgents: times(60, () => faker.internet.userAgent().slice(0, 255)),
    promptSubjects: times(POOL_SIZE, () => `${faker.word.adjective()} ${faker.word.noun()} ${pick(['on a beach', 'in a city at night', 'in a forest', 'on a kitchen table', 'in space', 'at a festival', 'in a studio', 'on a mountain top'])}`),
    promptStyles: times(POOL_SIZE, () => `in the style of ${pick(styles)}, ${pick(lighting)}, ${pick(formats)}`),
    projectNames: times(POOL_SIZE, () => `${faker.commerce.productName()} ${pick(projectKinds)}`.slice(0, 100)),
    workbenchNames: times(POOL_SIZE / 4, () => `${faker.company.buzzNoun()} ${pick(workbenchKinds)}`.slice(0, 100)),
    assetWords: times(POOL_SIZE, () => faker.word.noun()),
    colors: times(POOL_SIZE, () => faker.color.rgb({ format: 'hex', casing: 'lower' })),
    fonts,
    templateNames: times(POOL_SIZE / 4, () => `${faker.word.adjective()} ${pick(['sale', 'quote', 'announcement', 'carousel', 'story', 'banner', 'poster', 'card'])}`),
    feedbackComments: times(POOL_SIZE / 4, () => faker.lorem.sentence({ min: 4, max: 14 })),
  };
}
