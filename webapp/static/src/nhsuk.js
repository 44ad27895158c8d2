// Starts the NHS.UK frontend components (header menu, buttons, character counts).
import { initAll } from "./nhsuk-frontend.min.js";

initAll();
