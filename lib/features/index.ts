import { accountsFeature } from './accounts.ts';
import { activitiesFeature } from './activities.ts';
import { contactsFeature } from './contacts.ts';
import { defaultFeature, type FeatureWiring } from './feature.ts';
import { settingsFeature } from './settings.ts';
import { systemFeature } from './system.ts';

/** Every feature with its own wiring; a new feature adds its file and one line here. */
export const featureWirings: readonly FeatureWiring[] = [
  systemFeature,
  settingsFeature,
  accountsFeature,
  contactsFeature,
  activitiesFeature,
];

/** The wiring of a function: its feature file, or the least-privilege default. */
export const wiringFor = (functionName: string, options: { publicRoutes: boolean }): FeatureWiring =>
  featureWirings.find((wiring) => wiring.functionName === functionName) ??
  defaultFeature(functionName, options);
