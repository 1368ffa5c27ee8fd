// The door's ticket list on the phone: in IndexedDB (store.mjs) to survive a reload, and in
// memory as Maps (token hash → ticket, ticket number → token hash) so deciding a scan is one
// lookup whatever the size of the fair. Kept up to date by delta from GET .../door/sync/.
import { getJSON } from "./api.mjs";
import * as store from "./store.mjs";

// A full sync now and then catches what no delta can say (a ticket deleted outright).
const FULL_SYNC_MS = 60 * 60 * 1000;
const HASH_CHARS = 16;

/** What the ticket list holds for a token: the first 16 hex digits of its SHA-256. */
export async function tokenHash(value) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest, 0, HASH_CHARS / 2)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class TicketList {
  constructor(event, syncUrl) {
    this.event = event;
    this.syncUrl = syncUrl;
    this.byHash = new Map();
    this.hashByNumber = new Map();
    this.meta = null; // when it was saved, how many, the cursor and ETag of the last sync
  }

  remember(ticket) {
    this.byHash.set(ticket.hash, ticket);
    this.hashByNumber.set(ticket.number, ticket.hash);
  }

  async load() {
    this.meta = await store.listInfo(this.event);
    for (const ticket of await store.allTickets(this.event)) this.remember(ticket);
  }

  /** The ticket of a token read from a QR code, or of a number the door search found. */
  async find({ token = null, number = null }) {
    const hash = number != null ? this.hashByNumber.get(number) : await tokenHash(token);
    return (hash && this.byHash.get(hash)) || null;
  }

  /** Bring the list up to date: only the tickets changed since the last sync's cursor, or all
   * of them the first time and once an hour; nothing at all (304) when nothing changed.
   * Resolves with the server's answer (null for a 304); rejects when the network failed. */
  async refresh() {
    const meta = this.meta;
    const delta = Boolean(
      meta && meta.cursor && meta.full_at && Date.now() - Date.parse(meta.full_at) < FULL_SYNC_MS,
    );
    const url = delta ? `${this.syncUrl}?since=${encodeURIComponent(meta.cursor)}` : this.syncUrl;
    const { status, data, etag } = await getJSON(url, { etag: delta ? meta.etag : null });
    if (status === 200 && data) {
      await this.apply(data, etag);
      return data;
    }
    if (status === 304) this.meta = (await store.touchList(this.event)) || this.meta;
    else if (status === 400 && this.meta) this.meta = { ...this.meta, full_at: null }; // in full next
    return null;
  }

  async apply(answer, etag) {
    const changed = answer.tickets.map((row) => store.fromRow(this.event, answer.fields, row));
    const previous = answer.full ? new Map(this.byHash) : this.byHash;
    if (answer.full) {
      this.byHash.clear();
      this.hashByNumber.clear();
    }
    for (const ticket of changed) {
      // An admission made on this phone and not yet back from the server stays until it is.
      const known = previous.get(ticket.hash);
      ticket.local_checked_in_at = ticket.checked_in_at ? null : (known && known.local_checked_in_at) || null;
      this.remember(ticket);
    }
    this.meta = await store.saveSync(this.event, changed, {
      full: answer.full,
      cursor: answer.cursor,
      etag,
      allowReentry: answer.allow_reentry,
      count: this.byHash.size,
    });
  }
}
