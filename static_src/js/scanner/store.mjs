// The phone's own copy of the door: the event's ticket list (64-bit hashes of tokens, never the
// tokens) with the cursor of its last sync, and the scans waiting to be sent, in IndexedDB so
// they survive a reload, a flat battery or a closed tab. The stand scanner's queue is here too.
const DB_NAME = "herts-door";
const DB_VERSION = 2;

let opening = null;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

export function openStore() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (change) => {
        const db = request.result;
        // Version 1 kept whole SHA-256 hashes: its list is dropped (the next sync brings it
        // back), its queue of unsent scans is kept.
        for (const name of ["tickets", "meta"]) {
          if (db.objectStoreNames.contains(name)) db.deleteObjectStore(name);
        }
        const tickets = db.createObjectStore("tickets", { keyPath: "key" });
        tickets.createIndex("event", "event");
        db.createObjectStore("meta", { keyPath: "key" });
        if (change.oldVersion < 1) {
          // Auto-increment keys keep the queue in the order the scans were made.
          const queue = db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
          queue.createIndex("event", "event");
        }
        if (!db.objectStoreNames.contains("stand_queue")) {
          const stand = db.createObjectStore("stand_queue", { keyPath: "seq", autoIncrement: true });
          stand.createIndex("application", "application");
        }
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

const ticketKey = (event, hash) => `${event}:${hash}`;

/** A row of the server's sync (a list in the order of ``fields``) as the phone keeps it. */
export function fromRow(event, fields, row) {
  const ticket = { event };
  fields.forEach((field, index) => {
    ticket[field] = row[index];
  });
  ticket.key = ticketKey(event, ticket.hash);
  ticket.checked_in_at = ticket.checked_in_at ? new Date(ticket.checked_in_at * 1000).toISOString() : null;
  return ticket;
}

/** Save a sync: the tickets it brought (all of the event's when ``full``) and its cursor. */
export async function saveSync(event, tickets, { full, cursor, etag, allowReentry, count }) {
  const db = await openStore();
  const tx = db.transaction(["tickets", "meta"], "readwrite");
  const store = tx.objectStore("tickets");
  if (full) store.delete(IDBKeyRange.bound(`${event}:`, `${event}:\uffff`));
  for (const ticket of tickets) store.put(ticket);
  const now = new Date().toISOString();
  const meta = (await promised(tx.objectStore("meta").get(`list:${event}`))) || {};
  const info = {
    key: `list:${event}`,
    saved_at: now,
    full_at: full ? now : meta.full_at,
    count,
    cursor,
    etag,
    allow_reentry: Boolean(allowReentry),
  };
  tx.objectStore("meta").put(info);
  await done(tx);
  return info;
}

/** A sync that answered 304: the list is as it was, checked now. */
export async function touchList(event) {
  const db = await openStore();
  const tx = db.transaction("meta", "readwrite");
  const meta = await promised(tx.objectStore("meta").get(`list:${event}`));
  if (meta) {
    meta.saved_at = new Date().toISOString();
    tx.objectStore("meta").put(meta);
  }
  await done(tx);
  return meta;
}

export async function listInfo(event) {
  const db = await openStore();
  return promised(db.transaction("meta").objectStore("meta").get(`list:${event}`));
}

export async function allTickets(event) {
  const db = await openStore();
  return promised(db.transaction("tickets").objectStore("tickets").index("event").getAll(event));
}

/** Save the phone's copy of one ticket (admitted here, or seen admitted by the server). */
export async function saveTicket(ticket) {
  const db = await openStore();
  const tx = db.transaction("tickets", "readwrite");
  tx.objectStore("tickets").put(ticket);
  await done(tx);
}

/** Queue a scan and save the ticket it admitted, in one transaction: both or neither. */
export async function enqueue(scan, ticket = null, queueName = "queue") {
  const db = await openStore();
  const names = ticket ? [queueName, "tickets"] : [queueName];
  const tx = db.transaction(names, "readwrite");
  tx.objectStore(queueName).add(scan);
  if (ticket) tx.objectStore("tickets").put(ticket);
  await done(tx);
}

export async function queued(event, queueName = "queue", index = "event") {
  const db = await openStore();
  const items = await promised(db.transaction(queueName).objectStore(queueName).index(index).getAll(event));
  return items.sort((a, b) => a.seq - b.seq);
}

export async function queuedCount(event, queueName = "queue", index = "event") {
  const db = await openStore();
  return promised(db.transaction(queueName).objectStore(queueName).index(index).count(event));
}

export async function dequeue(seq, queueName = "queue") {
  const db = await openStore();
  const tx = db.transaction(queueName, "readwrite");
  tx.objectStore(queueName).delete(seq);
  await done(tx);
}
