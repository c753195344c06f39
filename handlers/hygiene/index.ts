// A group kept clean: ads, contact handles, mass invitations and floods flagged to the owner once (/移出).
export { hygieneFeature } from './feature.ts';
