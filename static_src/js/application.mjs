// Starts GOV.UK Frontend's components (no inline script, so the CSP needs no 'unsafe-inline').
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
