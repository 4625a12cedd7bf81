// The layers of ARCHITECTURE.md, enforced by `npm test` (dependency-cruiser): an import may point
// down this list, never up it, and a workflow never reaches into another workflow.
//
//   infrastructure  src/{shared,config,db,generated,directory,wecom,outbox,queues,gateway,runtime,http,fake-wecom,file-store}
//   kit             src/kit
//   card templates  cards/ (the project's agreed layout: beside src/)
//   workflows       src/workflows/<name>
//   dispatch        src/{commands,inbound,schedules}  (router, parser, built-in commands, tap handler;
//                   the timed jobs, which run what workflows contribute as a message does)
//   app             src/{app,admin,simulator}, src/main.ts
//
// Tests, the bench and the operator scripts may import anything.
const INFRASTRUCTURE =
  '^src/(shared|config|db|generated|directory|wecom|outbox|queues|gateway|runtime|http|fake-wecom|file-store)/';
const KIT = '^src/kit/';
const CARDS = '^cards/';
const WORKFLOWS = '^src/workflows/';
const DISPATCH = '^src/(commands|inbound|schedules)/';
const APP = '^src/(app|admin|simulator)/|^src/main\\.ts$';

/** A rule forbidding `from` to import any of `to`. */
function forbid(name, comment, from, to) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: to } };
}

module.exports = {
  forbidden: [
    forbid(
      'infrastructure-imports-upward',
      'Infrastructure knows no workflow, kit, dispatcher or app: move the shared piece down.',
      INFRASTRUCTURE,
      [KIT, CARDS, WORKFLOWS, DISPATCH, APP].join('|'),
    ),
    forbid(
      'kit-imports-upward',
      'The kit serves every workflow, so it knows none of them, nor the dispatchers or the app.',
      KIT,
      [CARDS, WORKFLOWS, DISPATCH, APP].join('|'),
    ),
    forbid(
      'cards-import-upward',
      'Card templates are pure: facts in, card content out.',
      CARDS,
      [WORKFLOWS, DISPATCH, APP].join('|'),
    ),
    forbid(
      'workflow-imports-dispatch-or-app',
      'A workflow is found through the catalogue the app builds; it never imports the router, the tap handler or the app.',
      WORKFLOWS,
      [DISPATCH, APP].join('|'),
    ),
    forbid(
      'dispatch-imports-app',
      'The dispatchers get the list of workflows from the app; they never import it.',
      DISPATCH,
      APP,
    ),
    {
      name: 'workflow-imports-another-workflow',
      comment:
        'Workflows share through the kit (or call each other through functions the app wires), never by reaching into another workflow.',
      severity: 'error',
      from: { path: '^src/workflows/([^/]+)/' },
      to: { path: '^src/workflows/', pathNot: '^src/workflows/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'Two modules that need each other: move the shared piece down.',
      severity: 'error',
      from: { path: '^(src|cards|scripts)/', pathNot: '^src/generated/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
