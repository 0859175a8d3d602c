/**
 * Characters XML 1.0 cannot carry: C0 controls other than tab, line feed and carriage return, lone
 * surrogates (with the u flag a proper pair is one code point, so only lone halves match) and
 * U+FFFE/U+FFFF. The reader refuses them, the writer refuses to write them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const FORBIDDEN_XML_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/** C0 controls other than tab, line feed and carriage return: in the first KiB they mean binary data. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

/** FORBIDDEN_XML_CHAR without the surrogate test, for text decoded from bytes (which cannot hold lone surrogates); much faster. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const FORBIDDEN_CONTROL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
