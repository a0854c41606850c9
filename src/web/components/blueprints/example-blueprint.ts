/** A small, valid blueprint to start from: one supervisor, one lead, workers that scale. */
export const EXAMPLE_BLUEPRINT = `# yaml-language-server: $schema=/schemas/blueprint.json
metadata:
  id: support-team-v1
  name: Support Team
  version: 1.0.0
  description: Answers customer questions; a lead triages, workers reply.

cluster:
  type: department
  min_workers: 3
  max_workers: 8
  routing: least-busy

agents:
  - role: supervisor
    name: Support Supervisor
    capabilities: [coordination, escalation]

  - role: triage_lead
    name: Triage Lead
    reports_to: supervisor
    capabilities: [triage, prioritisation]

  - role: responder
    name: Responder
    count: 1-6
    reports_to: triage_lead
    capabilities: [answering, writing]
`;
