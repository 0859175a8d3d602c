/** Table-driven structure validation of UN/EDIFACT messages against the catalogue (see docs/validation.md). */
export { MessageChecker, SegmentRules, StructureValidator, type MessageContext } from './validator.js';
export { TableWalker, type WalkSink } from './walker.js';
export { compileMessage, type CompiledMessage, type Position, type Table } from './table.js';
export { checkSegmentElements, compileSegment, type ElementContext, type SegmentRule } from './elements.js';
