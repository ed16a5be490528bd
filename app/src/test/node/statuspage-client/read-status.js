// Reads a Statuspage-compatible page with the statuspage.io npm client, as an aggregator would,
// and prints what the client got as one JSON line. Usage: node read-status.js <base URL>
// (statuspage.io 3.3.8: the newest that runs on Node 20; 3.4.x needs Node 21 and ships no dist/).
'use strict';
const { Statuspage } = require('statuspage.io');

async function main() {
  const base = process.argv[2];
  if (!base) {
    console.error('usage: node read-status.js <base URL>');
    process.exit(2);
  }
  const client = new Statuspage('haechi');
  client.setApiUrl(base);
  const summary = await client.api.getSummary();
  const components = await client.api.getComponents();
  const status = await client.api.getStatus();
  const all = await client.api.incidents.getAll();
  const unresolved = await client.api.incidents.getUnresolved();
  const upcoming = await client.api.scheduledMaintenances.getUpcoming();
  const names = (list) => (list || []).map((c) => c.name);
  console.log(
    JSON.stringify({
      page: summary.page.name,
      pageUrl: summary.page.url,
      indicator: status.status.indicator,
      summaryComponents: (summary.components || []).map((c) => ({ id: c.id, name: c.name, status: c.status })),
      components: (components.components || []).map((c) => ({ id: c.id, name: c.name, status: c.status })),
      incidents: (all.incidents || []).map((i) => ({
        name: i.name,
        status: i.status,
        shortlink: i.shortlink,
        components: names(i.components),
        updates: (i.incident_updates || []).length,
      })),
      unresolved: (unresolved.incidents || []).length,
      upcomingMaintenances: (upcoming.scheduled_maintenances || []).length,
    }),
  );
}

main().catch((e) => {
  console.error('statuspage.io client failed: ' + (e && e.message ? e.message : e));
  process.exit(1);
});
