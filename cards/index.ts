/**
 * The card templates (the project's agreed layout keeps them here, beside src/): workflows, tests,
 * the build (tsconfig.build.json) and the Docker image reach them through this one entry point.
 * A template is a pure function from a workflow's facts to card content within WeCom's limits.
 */
export { clip, fitCard, type CardContent, type CardRow } from './fit-card.js';
export { SEAL_ACTIONS, sealApprovalCard, sealKeeperCard, type SealCardFacts } from './seal-cards.js';
