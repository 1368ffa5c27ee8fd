// The phone's own copy of the door: the event's ticket list (token hashes only) and the scans
// waiting to be sent, in IndexedDB so they survive a reload, a flat battery or a closed tab.
const DB_NAME = "herts-door";
const DB_VERSION = 1;

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
      request.onupgradeneeded = () => {
        const db = request.result;
        const tickets = db.createObjectStore("tickets", { keyPath: "key" });
        tickets.createIndex("event", "event");
        // Auto-increment keys keep the queue in the order the scans were made.
        const queue = db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
        queue.createIndex("event", "event");
        db.createObjectStore("meta", { keyPath: "key" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

const ticketKey = (event, sha) => `${event}:${sha}`;

/** Replace the event's list with the server's, keeping admissions this phone has not sent yet. */
export async function replaceTickets(event, tickets, allowReentry) {
  const db = await openStore();
  const tx = db.transaction(["tickets", "meta"], "readwrite");
  const store = tx.objectStore("tickets");
  const existing = await promised(store.index("event").getAll(event));
  const admittedHere = new Map(
    existing.filter((t) => t.local_checked_in_at).map((t) => [t.key, t.local_checked_in_at]),
  );
  for (const old of existing) store.delete(old.key);
  for (const ticket of tickets) {
    const key = ticketKey(event, ticket.token_sha256);
    const local = ticket.checked_in_at ? null : admittedHere.get(key) || null;
    store.put({ ...ticket, key, event, local_checked_in_at: local });
  }
  const savedAt = new Date().toISOString();
  tx.objectStore("meta").put({
    key: `list:${event}`,
    saved_at: savedAt,
    count: tickets.length,
    allow_reentry: Boolean(allowReentry),
  });
  await done(tx);
  return savedAt;
}

export async function listInfo(event) {
  const db = await openStore();
  return promised(db.transaction("meta").objectStore("meta").get(`list:${event}`));
}

export async function findTicket(event, sha) {
  const db = await openStore();
  return promised(db.transaction("tickets").objectStore("tickets").get(ticketKey(event, sha)));
}

/** A ticket of the event's list by its number (a person the door search found). */
export async function findTicketByNumber(event, number) {
  const db = await openStore();
  const tickets = await promised(
    db.transaction("tickets").objectStore("tickets").index("event").getAll(event),
  );
  return tickets.find((ticket) => ticket.number === number) || null;
}

export async function markAdmitted(event, sha, when, { fromServer = false } = {}) {
  const db = await openStore();
  const tx = db.transaction("tickets", "readwrite");
  const store = tx.objectStore("tickets");
  const ticket = await promised(store.get(ticketKey(event, sha)));
  if (ticket) {
    if (fromServer) ticket.checked_in_at = ticket.checked_in_at || when;
    else ticket.local_checked_in_at = ticket.local_checked_in_at || when;
    store.put(ticket);
  }
  await done(tx);
}

export async function enqueue(scan) {
  const db = await openStore();
  const tx = db.transaction("queue", "readwrite");
  tx.objectStore("queue").add(scan);
  await done(tx);
}

export async function queued(event) {
  const db = await openStore();
  const items = await promised(db.transaction("queue").objectStore("queue").index("event").getAll(event));
  return items.sort((a, b) => a.seq - b.seq);
}

export async function queuedCount(event) {
  const db = await openStore();
  return promised(db.transaction("queue").objectStore("queue").index("event").count(event));
}

export async function dequeue(seq) {
  const db = await openStore();
  const tx = db.transaction("queue", "readwrite");
  tx.objectStore("queue").delete(seq);
  await done(tx);
}
