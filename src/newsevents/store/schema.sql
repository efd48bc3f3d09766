-- newsevents store schema. Applied on every writable open, so every statement is idempotent.
-- Offsets (*_start, *_end) are character offsets into documents.text.
-- Child rows are keyed by deterministic ids so that re-writing a batch adds nothing.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    id VARCHAR PRIMARY KEY,
    started TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished TIMESTAMPTZ,
    argv VARCHAR[],
    counts MAP(VARCHAR, BIGINT)
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    title VARCHAR,
    url VARCHAR,
    publisher VARCHAR,
    published DATE,
    published_from VARCHAR NOT NULL,
    attributions VARCHAR[],
    flags VARCHAR[],
    -- Stretches of text that cleaning masked out, and why.
    removed STRUCT("start" INTEGER, "end" INTEGER, reason VARCHAR)[],
    -- Document.meta as JSON text: its values are free-form.
    meta VARCHAR,
    text VARCHAR NOT NULL,
    run_id VARCHAR,
    stored_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- One story, many outlets (newsevents.dedup), all over the text with boilerplate masked:
    -- content_hash is equal for exact copies, and duplicate_of names the least doc_id with the
    -- same hash (NULL for that document itself); signature is the MinHash signature that the
    -- next run rebuilds the near-duplicate index from (scheme in meta 'signature_scheme');
    -- story_id is the least doc_id of the document's near-duplicate component.
    content_hash VARCHAR NOT NULL,
    signature UINTEGER[] NOT NULL,
    story_id VARCHAR,
    duplicate_of VARCHAR
);

-- LSH band keys of each document's signature (newsevents.dedup.band_keys), 42 per document at
-- the default threshold: documents sharing a key are candidate near duplicates. Kept here, not in
-- memory, so that a long run holds nothing per document. meta 'band_scheme' names the
-- threshold and signature scheme they were built with.
CREATE TABLE IF NOT EXISTS story_bands (
    band_key UBIGINT NOT NULL,
    doc_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS actors (
    doc_id VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    igo VARCHAR,
    kind VARCHAR NOT NULL,
    entry VARCHAR,
    mentions STRUCT("start" INTEGER, "end" INTEGER)[],
    PRIMARY KEY (doc_id, actor_id)
);

CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    cameo VARCHAR,
    quad_class TINYINT,
    source_id VARCHAR,
    source_name VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    source_igo VARCHAR,
    target_id VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    target_igo VARCHAR,
    location_id VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE,
    location_lon DOUBLE,
    location_geonameid BIGINT,
    location_kind VARCHAR,
    location_start INTEGER,
    location_end INTEGER,
    location_text VARCHAR,
    location_located_by VARCHAR,
    date DATE,
    date_precision VARCHAR,
    date_source VARCHAR,
    negated BOOLEAN NOT NULL,
    modality VARCHAR NOT NULL,
    fatalities INTEGER,
    injured INTEGER,
    arrested INTEGER,
    sentence VARCHAR NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    source_start INTEGER,
    source_end INTEGER,
    target_start INTEGER,
    target_end INTEGER,
    confidence DOUBLE NOT NULL,
    pattern VARCHAR,
    -- The earlier event of the same document this one only restates (records): it takes
    -- that event's merged_id, a second mention of it.
    restates VARCHAR,
    -- The least event id of the events, across documents, that report the same happening
    -- (newsevents.dedup.merge_events); recomputed for the affected groups on every write.
    merged_id VARCHAR
);

-- Point lookups for the common query filters (DuckDB's zone maps already serve date ranges,
-- but an index also makes `date = ...` cheap).
CREATE INDEX IF NOT EXISTS events_doc_id ON events (doc_id);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE INDEX IF NOT EXISTS events_date ON events (date);
CREATE INDEX IF NOT EXISTS events_source_country ON events (source_country);
CREATE INDEX IF NOT EXISTS events_target_country ON events (target_country);

CREATE TABLE IF NOT EXISTS quotes (
    doc_id VARCHAR NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    speaker_id VARCHAR,
    speaker_name VARCHAR,
    speaker_country VARCHAR,
    speaker_sector VARCHAR,
    speaker_igo VARCHAR,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue VARCHAR,
    PRIMARY KEY (doc_id, span_start, span_end)
);

CREATE TABLE IF NOT EXISTS places (
    doc_id VARCHAR NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    place_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    geonameid BIGINT,
    kind VARCHAR NOT NULL,
    -- the place as the document writes it ("Britain"); name is the place's own name
    text VARCHAR,
    -- a site no gazetteer knows, mapped at the town the text puts it in: that town's place_id
    located_by VARCHAR,
    PRIMARY KEY (doc_id, span_start, span_end)
);

-- Numeric claims (newsevents.claims): a figure as written and as read (value, unit,
-- currency, qualifier), what it measures, the change it states, who asserts it, the date and
-- place of its sentence, and the event whose count it is (event_id, when it is one).
CREATE TABLE IF NOT EXISTS claims (
    id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    quantity_text VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR,
    currency VARCHAR,
    qualifier VARCHAR,
    quantity_start INTEGER NOT NULL,
    quantity_end INTEGER NOT NULL,
    subject VARCHAR,
    subject_start INTEGER,
    subject_end INTEGER,
    direction VARCHAR,
    change VARCHAR,
    change_text VARCHAR,
    change_start INTEGER,
    change_end INTEGER,
    previous DOUBLE,
    speaker_id VARCHAR,
    speaker_name VARCHAR,
    speaker_country VARCHAR,
    speaker_sector VARCHAR,
    speaker_igo VARCHAR,
    speaker_text VARCHAR,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue VARCHAR,
    date DATE,
    date_precision VARCHAR,
    date_start INTEGER,
    date_end INTEGER,
    location_id VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE,
    location_lon DOUBLE,
    location_geonameid BIGINT,
    location_kind VARCHAR,
    location_start INTEGER,
    location_end INTEGER,
    location_text VARCHAR,
    location_located_by VARCHAR,
    event_id VARCHAR,
    sentence VARCHAR NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS claims_doc_id ON claims (doc_id);

-- Inputs that were skipped, and why. One row per distinct failure (id hashes source, stage,
-- code, reason and doc_id); run_id is the first run that met it.
CREATE TABLE IF NOT EXISTS failures (
    id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    doc_id VARCHAR,
    run_id VARCHAR,
    failed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- newsevents watch: what it has seen of each watched feed, page or folder, so that a restart
-- codes nothing twice and fetches no seen entry's page again (newsevents.store.watch).
-- watch_sources: one row per watched source: the HTTP validators of its last full fetch (sent
-- back as If-None-Match / If-Modified-Since) and its last pass.
CREATE TABLE IF NOT EXISTS watch_sources (
    source VARCHAR PRIMARY KEY,
    etag VARCHAR,
    last_modified VARCHAR,
    passes BIGINT NOT NULL DEFAULT 0,
    last_pass TIMESTAMPTZ
);

-- watch_items: one row per entry (its id, else its link) or file (path, size and mtime) that is
-- done: stored (doc_id), or refused for good (code). Entries that failed to fetch are not here,
-- so the next pass tries them again.
CREATE TABLE IF NOT EXISTS watch_items (
    source VARCHAR NOT NULL,
    item VARCHAR NOT NULL,
    doc_id VARCHAR,
    code VARCHAR,
    seen TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (source, item)
);

-- One row per merged event: how often and where it was reported, with every mention.
-- num_sources counts distinct publishers (documents without one are not counted);
-- num_stories counts near-duplicate stories, so twenty copies of one wire story count once.
CREATE OR REPLACE VIEW merged_events AS
SELECT
    e.merged_id AS id,
    any_value(e.type) AS type,
    any_value(e.mode) AS mode,
    any_value(e.cameo) AS cameo,
    any_value(e.quad_class) AS quad_class,
    any_value(e.source_id) AS source_id,
    any_value(e.source_name) AS source_name,
    any_value(e.source_country) AS source_country,
    any_value(e.source_sector) AS source_sector,
    any_value(e.source_igo) AS source_igo,
    any_value(e.target_id) AS target_id,
    any_value(e.target_name) AS target_name,
    any_value(e.target_country) AS target_country,
    any_value(e.target_sector) AS target_sector,
    any_value(e.target_igo) AS target_igo,
    any_value(e.negated) AS negated,
    -- The most precise date reported, and a known place if any mention has one.
    arg_min(e.date, CASE
        WHEN e.date IS NULL THEN 9
        WHEN e.date_precision = 'day' THEN 0
        WHEN e.date_precision = 'week' THEN 1
        WHEN e.date_precision = 'month' THEN 2
        ELSE 3 END) AS date,
    arg_min(e.date_precision, CASE
        WHEN e.date IS NULL THEN 9
        WHEN e.date_precision = 'day' THEN 0
        WHEN e.date_precision = 'week' THEN 1
        WHEN e.date_precision = 'month' THEN 2
        ELSE 3 END) AS date_precision,
    arg_min(e.location_id, (e.location_id IS NULL, e.location_id)) AS location_id,
    arg_min(e.location_name, (e.location_id IS NULL, e.location_id)) AS location_name,
    arg_min(e.location_country, (e.location_id IS NULL, e.location_id)) AS location_country,
    arg_min(e.location_lat, (e.location_id IS NULL, e.location_id)) AS location_lat,
    arg_min(e.location_lon, (e.location_id IS NULL, e.location_id)) AS location_lon,
    -- The surest mention's confidence: the event is as likely as its best evidence.
    max(e.confidence) AS confidence,
    count(*) AS num_mentions,
    count(DISTINCT e.doc_id) AS num_articles,
    count(DISTINCT coalesce(d.story_id, d.doc_id)) AS num_stories,
    count(DISTINCT lower(d.publisher)) AS num_sources,
    min(d.published) AS first_seen,
    max(d.published) AS last_seen,
    list({
        'event_id': e.id,
        'doc_id': e.doc_id,
        'publisher': d.publisher,
        'title': d.title,
        'url': d.url,
        'published': d.published,
        'story_id': d.story_id,
        'duplicate_of': d.duplicate_of,
        'sentence': e.sentence,
        'sentence_start': e.sentence_start,
        'sentence_end': e.sentence_end,
        'span_start': e.span_start,
        'span_end': e.span_end,
        'source_id': e.source_id,
        'target_id': e.target_id,
        'date': e.date,
        'date_precision': e.date_precision,
        'modality': e.modality
    } ORDER BY d.published NULLS LAST, e.doc_id, e.span_start, e.id) AS mentions
FROM events AS e
JOIN documents AS d ON d.doc_id = e.doc_id
GROUP BY e.merged_id;
