// Small formatting helpers shared by the views; every text goes through textContent, never innerHTML.
export function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = value;
        else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
}

export function time(iso) {
    if (!iso) return '—';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

export function percent(value) {
    return `${(Number(value) || 0).toFixed(1)} %`;
}

export function duration(seconds) {
    const s = Math.max(0, Math.floor(Number(seconds) || 0));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function progressBar(job) {
    const value = Math.round((Number(job.progress) || 0) * 10) / 10;
    return el('div', {class: 'progress-cell'},
        el('div', {
            class: 'bar-track', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
            'aria-valuenow': String(value), 'aria-label': `Progress of ${job.track_id}`,
        }, el('div', {class: `bar-fill ${job.status}`, style: `width: ${value}%`})),
        el('span', {class: 'pct', text: percent(value)}));
}

export function badge(status) {
    return el('span', {class: `badge ${status}`, text: status});
}

/** A definition list from [label, value] pairs, skipping empty values. */
export function facts(list, pairs) {
    list.replaceChildren();
    for (const [label, value] of pairs) {
        if (value === undefined || value === null || value === '') continue;
        list.append(el('dt', {text: label}), el('dd', {text: typeof value === 'object' ? JSON.stringify(value) : String(value)}));
    }
}

const LABELS = {
    duration_s: 'Duration (s)', sample_rate: 'Sample rate (Hz)', bit_depth: 'Bit depth',
    integrated_lufs: 'Integrated (LUFS)', true_peak_dbtp: 'True peak (dBTP)', sample_peak_dbfs: 'Sample peak (dBFS)',
    lra: 'Loudness range (LU)',
    target_lufs: 'Target (LUFS)',
};

/** Label for a JSON key: "sample_rate" reads "Sample rate (Hz)". */
export function label(key) {
    if (LABELS[key]) return LABELS[key];
    const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
}

/** [label, value] pairs of an object, nested objects flattened under their parent's label. */
export function pairs(object, prefix = '') {
    return Object.entries(object).flatMap(([key, value]) => value && typeof value === 'object' && !Array.isArray(value)
        ? pairs(value, `${prefix}${label(key)} · `)
        : [[prefix + label(key), value]]);
}

/**
 * Puts the items' rows in the items' order: creates the missing, updates all, removes those no longer listed. Rows
 * are kept per id across refreshes, so that focus, a selection and an opened detail survive them.
 */
export function keepRows(body, rows, items, create, update) {
    const seen = new Set();
    items.forEach((item, index) => {
        seen.add(item.id);
        let row = rows.get(item.id);
        if (!row) {
            row = create(item);
            rows.set(item.id, row);
        }
        update(row, item);
        if (body.children[index] !== row) body.insertBefore(row, body.children[index] || null);
    });
    for (const [id, row] of rows) {
        if (!seen.has(id)) {
            row.remove();
            rows.delete(id);
        }
    }
}
