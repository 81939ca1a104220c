package nbvalues

// MIME is the MIME type of a display of published values.
const MIME = "application/vnd.nbrun.values+json"
