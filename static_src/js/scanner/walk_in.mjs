// The door's walk-in form (templates/events/scanner/scanner.html): register someone who came
// without a ticket and admit them at once, through POST /api/v1/events/<id>/door/walk-ins/.
// Online only: a registration needs the server (the places left, the ticket number).
import { postJSON } from "./api.mjs";

const WALK_IN_FIELDS = {
  name_required: "walk-in-name",
  name: "walk-in-name",
  invalid_category: "walk-in-category-jobseeker",
  category: "walk-in-category-jobseeker",
  privacy_consent_required: "walk-in-privacy",
  privacy_told: "walk-in-privacy",
  email: "walk-in-email",
  phone: "walk-in-phone",
};

function showErrors($, errors) {
  const summary = $("walk-in-errors");
  const list = $("walk-in-error-list");
  list.replaceChildren(
    ...errors.map(({ field, message }) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#${field}`;
      link.textContent = message;
      item.append(link);
      return item;
    }),
  );
  summary.hidden = errors.length === 0;
  if (errors.length) summary.focus();
}

/** The walk-in form's submit handler. ``door`` is what it needs of the page: its words and
 * addresses, the result screen, the counts, and where to say whether the server answered. */
export function walkInHandler(door) {
  const { config, text, $, fill, showResult, countAdmission, showStatus, setReachable } = door;
  const showWalkInErrors = (errors) => showErrors($, errors);
  return async function walkIn(submitEvent) {
    submitEvent.preventDefault();
    const form = submitEvent.target;
    const data = new FormData(form);
    const body = {
      name: String(data.get("name") || "").trim(),
      category: String(data.get("category") || ""),
      email: String(data.get("email") || "").trim(),
      phone: String(data.get("phone") || "").trim(),
      adjustments: data.getAll("adjustments").map(String),
      privacy_told: data.get("privacy_told") === "1",
    };
    const message = $("walk-in-message");
    message.textContent = "";
    showWalkInErrors([]);
    if (!navigator.onLine) {
      message.textContent = text.walk_in_offline;
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const { status, data: answer } = await postJSON(config.urls.walk_in, body);
      setReachable(true);
      if ((status === 200 || status === 201) && answer && answer.result) {
        showResult(answer);
        if (answer.result === "ok") countAdmission(answer.ticket, { walkIn: true });
        message.textContent = fill(text.walk_in_done, {
          name: answer.ticket ? answer.ticket.label : body.name,
          number: answer.ticket ? answer.ticket.number : "",
        });
        if (answer.ticket_url) {
          // Their new ticket, to show on this phone or print at the desk.
          const link = document.createElement("a");
          link.className = "govuk-link";
          link.href = answer.ticket_url;
          link.target = "_blank";
          link.rel = "noopener";
          link.textContent = text.walk_in_ticket;
          message.append(" ", link);
        }
        form.reset();
      } else if (answer && answer.detail) {
        const fields = answer.errors && typeof answer.errors === "object" ? Object.keys(answer.errors) : [];
        const field = WALK_IN_FIELDS[answer.code] || WALK_IN_FIELDS[fields[0]] || "walk-in-name";
        showWalkInErrors([{ field, message: answer.detail }]);
      } else {
        message.textContent = text.walk_in_failed;
      }
    } catch {
      setReachable(false);
      message.textContent = text.walk_in_offline;
    } finally {
      button.disabled = false;
    }
    await showStatus();
  };
}
