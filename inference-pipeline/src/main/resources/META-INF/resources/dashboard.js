// Freshet inference dashboard: polls dashboard/data and redraws. Each canvas records in data-points how many
// points its chart drew, which the browser test reads.
(function () {
  'use strict';
  const REFRESH_MS = 2000;
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
  const time = (ms) => new Date(ms).toLocaleTimeString();
  const timeAxis = { type: 'linear', ticks: { callback: (v) => time(v), maxTicksLimit: 8 } };

  function chart(id, yAxis) {
    return new Chart(document.getElementById(id), {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: timeAxis, y: yAxis },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { title: (items) => items.length ? time(items[0].parsed.x) : '' } } }
      }
    });
  }

  const accuracy = chart('accuracy', { min: 0, max: 1, title: { display: true, text: 'accuracy' } });
  const versions = chart('versions', { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'version' } });
  const throughput = chart('throughput', { beginAtZero: true, title: { display: true, text: 'answers/s' } });

  // A series keeps the colour it first got, so lines do not change colour between refreshes.
  const colours = new Map();
  function colour(key) {
    if (!colours.has(key)) { colours.set(key, palette[colours.size % palette.length]); }
    return colours.get(key);
  }

  function line(label, points, key, extra) {
    const c = colour(key);
    return Object.assign({ label, data: points, borderColor: c, backgroundColor: c, pointRadius: 0, borderWidth: 2,
      spanGaps: false }, extra || {});
  }

  function markers(label, points, key, style) {
    return line(label, points, key, { showLine: false, pointRadius: 5, pointStyle: style });
  }

  function accuracyDatasets(data) {
    const live = new Map();
    const coverage = new Map();
    for (const s of data.samples) {
      for (const [model, figures] of Object.entries(s.live || {})) {
        for (const f of figures) {
          const key = model + ' v' + f.version;
          if (f.accuracy !== null && f.accuracy !== 'NaN' && isFinite(f.accuracy)) {
            if (!live.has(key)) { live.set(key, []); }
            live.get(key).push({ x: s.t, y: f.accuracy });
          }
          if (f.coverage !== null && isFinite(f.coverage)) {
            if (!coverage.has(model)) { coverage.set(model, new Map()); }
            coverage.get(model).set(s.t, f.coverage);
          }
        }
      }
    }
    const sets = [];
    for (const [key, points] of live) { sets.push(line('live ' + key, points, key, { borderWidth: 1 })); }
    for (const model of data.models) {
      const overall = data.samples.filter((s) => s.liveModel && s.liveModel[model] != null && isFinite(s.liveModel[model]))
        .map((s) => ({ x: s.t, y: s.liveModel[model] }));
      if (overall.length) { sets.push(line('live ' + model, overall, 'live ' + model, { borderWidth: 3 })); }
      const trained = data.events.filter((e) => e.model === model && e.type === 'VERSION_PUBLISHED'
        && e.trainingAccuracy !== null && e.trainingAccuracy !== undefined)
        .map((e) => ({ x: e.t, y: e.trainingAccuracy }));
      if (trained.length) {
        sets.push(line('training ' + model, trained, 'training ' + model, { borderDash: [6, 4], pointRadius: 2 }));
      }
      const drift = data.events.filter((e) => e.model === model && e.type === 'DRIFT_DETECTED')
        .map((e) => ({ x: e.t, y: 0.02 }));
      if (drift.length) { sets.push(markers('drift ' + model, drift, 'drift ' + model, 'triangle')); }
      const cov = coverage.get(model);
      if (cov && cov.size) {
        sets.push(line('coverage ' + model, [...cov].map(([x, y]) => ({ x, y })), 'coverage ' + model,
          { borderDash: [2, 3], borderWidth: 1 }));
      }
    }
    return sets;
  }

  function versionDatasets(data) {
    const sets = [];
    for (const model of data.models) {
      const served = data.samples.filter((s) => s.served[model] !== null && s.served[model] !== undefined)
        .map((s) => ({ x: s.t, y: s.served[model] }));
      if (served.length) { sets.push(line('serving ' + model, served, 'serving ' + model, { stepped: true })); }
      const published = data.events.filter((e) => e.model === model && e.type === 'VERSION_PUBLISHED')
        .map((e) => ({ x: e.t, y: e.version }));
      if (published.length) { sets.push(markers('published ' + model, published, 'published ' + model, 'circle')); }
      const champion = data.events.filter((e) => e.model === model && e.type === 'ALIAS_MOVED')
        .map((e) => ({ x: e.t, y: e.version }));
      if (champion.length) { sets.push(markers('champion ' + model, champion, 'champion ' + model, 'star')); }
    }
    return sets;
  }

  function draw(target, datasets) {
    target.data.datasets = datasets;
    target.update('none');
    let drawn = 0;
    target.data.datasets.forEach((d, i) => {
      drawn += target.getDatasetMeta(i).data.filter((p) => isFinite(p.x) && isFinite(p.y)).length;
    });
    target.canvas.dataset.points = String(drawn);
  }

  function timeline(events) {
    const body = document.querySelector('#timeline tbody');
    body.replaceChildren(...events.slice(-25).reverse().map((e) => {
      const row = document.createElement('tr');
      const what = { VERSION_PUBLISHED: 'published', ALIAS_MOVED: 'alias moved', DRIFT_DETECTED: 'drift detected',
        DRIFT_REACTION: 'drift reaction' }[e.type] || e.type;
      const details = e.type === 'VERSION_PUBLISHED' && e.trainingAccuracy != null
        ? 'training accuracy ' + e.trainingAccuracy.toFixed(3) : (e.detail || '');
      for (const text of [time(e.t), e.model, what, e.version == null ? '' : String(e.version), details]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.appendChild(cell);
      }
      return row;
    }));
  }

  function matrix(caption, confusion) {
    const table = document.createElement('table');
    const title = document.createElement('caption');
    title.textContent = caption;
    table.appendChild(title);
    const head = document.createElement('tr');
    for (const text of ['true \\ answered', ...confusion.labels]) {
      const th = document.createElement('th');
      th.textContent = text;
      head.appendChild(th);
    }
    table.appendChild(head);
    confusion.labels.forEach((label, a) => {
      const row = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = label;
      row.appendChild(th);
      confusion.labels.forEach((_, p) => {
        const td = document.createElement('td');
        td.textContent = String(confusion.counts[a][p]);
        if (a === p) { td.className = 'right'; }
        row.appendChild(td);
      });
      table.appendChild(row);
    });
    return table;
  }

  function confusionTables(data) {
    const tables = [];
    for (const model of data.models) {
      const c = (data.confusion || {})[model] || {};
      if (c.training) { tables.push(matrix(model + ' — training', c.training)); }
      if (c.live) { tables.push(matrix(model + ' — live', c.live)); }
    }
    const target = document.getElementById('confusion');
    target.replaceChildren(...tables);
    target.dataset.tables = String(tables.length);
  }

  async function refresh() {
    try {
      const response = await fetch('dashboard/data', { cache: 'no-store' });
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      const data = await response.json();
      const last = data.samples.length ? data.samples[data.samples.length - 1] : null;
      document.getElementById('served').textContent = data.models.map((m) => m + ': '
        + (last && last.served[m] != null ? 'version ' + last.served[m] : 'no version yet')).join(' · ')
        + ' · abstains below ' + data.abstainBelow;
      draw(accuracy, accuracyDatasets(data));
      draw(versions, versionDatasets(data));
      draw(throughput, [line('answers/s', data.samples.map((s) => ({ x: s.t, y: s.predictionsPerSecond })), 'rate')]);
      timeline(data.events);
      confusionTables(data);
      document.body.dataset.updated = String(Date.now());
    } catch (e) {
      document.getElementById('served').textContent = 'cannot reach the service: ' + e.message;
    }
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
})();
