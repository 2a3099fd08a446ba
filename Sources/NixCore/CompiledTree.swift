import NixLexer
import NixParser

/// An operation of the compiled tree.
enum Op: UInt8 {
  /// `int`: the literal.
  case int
  /// `int`: the literal's bits.
  case float
  /// `int`: the address of the literal's permanent string record.
  case string
  /// `int`: the address of the path's permanent string record.
  case path
  /// A variable in scope `a` levels up, slot `b`.
  case local
  /// A variable looked up in the `with` scopes from `a` levels up; `b` its symbol.
  case dynamic
  /// `__curPos`.
  case currentPosition
  /// `a.path or fallback`: target `a`, path elements `b..<b+c` of ``CompiledProgram/pathElements``,
  /// `int` the fallback node or -1.
  case select
  /// `a ? path`: as ``select`` without fallback.
  case hasAttr
  /// A set: ``CompiledProgram/sets``[`a`].
  case attrs
  /// A list of the nodes ``CompiledProgram/operands``[`a..<a+b`].
  case list
  /// A lambda: ``CompiledProgram/lambdas``[`a`].
  case lambda
  /// A call of `a` with the arguments ``CompiledProgram/operands``[`b..<b+c`].
  case call
  /// `let` ``CompiledProgram/sets``[`a`] `in b`.
  case letIn
  /// `with a; b`.
  case with
  /// `if a then b else c`.
  case ifThenElse
  /// `assert a; b`.
  case assertion
  /// `!a`.
  case not
  case equal, notEqual, and, or, implication, update, concatLists
  /// `a + b + …` (`flag` 0) or an interpolated string (`flag` 1) or path (`flag` 2) of the
  /// parts ``CompiledProgram/operands``[`a..<a+b`].
  case concat
  /// `a - b`, `a * b`, `a / b`, `a < b` (calls of global builtins): ``ArithmeticOp`` in `flag`.
  case arithmetic
}

/// The operation of an ``Op/arithmetic`` node.
enum ArithmeticOp: UInt8 { case sub, mul, div, lessThan }

/// A node of the compiled tree: a plain record in one table, addressed by index.
struct Node {
  var op: Op
  var flag: UInt8 = 0
  var a: Int32 = 0
  var b: Int32 = 0
  var c: Int32 = 0
  var int: Int64 = 0
  /// Where the expression is (for a binary operator, the operator).
  var span: Span
}

/// One element of an attribute path: a static symbol, or a node computing the name.
struct PathElement {
  /// The symbol, or -1 for a computed name.
  var symbol: Int64
  var node: Int32
  var span: Span
}

/// How a set entry gets its value.
enum EntryKind: UInt8 {
  /// `name = node;` (also `inherit name;`: the node is the variable).
  case plain
  /// `inherit (source) name;`: `node` is the index of the source in the set's sources.
  case inheritedFrom
}

/// A static attribute of a set or `let`.
struct EntryInfo {
  var symbol: UInt32
  var kind: EntryKind
  var node: Int32
  /// The entry's position (an index into ``CompiledProgram/positions``).
  var position: Int32
}

/// `"${name}" = value;`.
struct DynamicInfo {
  var name: Int32
  var value: Int32
  var position: Int32
}

/// A set literal or the bindings of a `let`.
struct SetInfo {
  var isRecursive: Bool
  /// Entries in definition order (a recursive scope's slots) at ``CompiledProgram/entries``.
  var entryStart: Int32
  var entryCount: Int32
  /// The entries' indices sorted by symbol, at ``CompiledProgram/order``.
  var orderStart: Int32
  /// Dynamic attributes at ``CompiledProgram/dynamics``.
  var dynamicStart: Int32
  var dynamicCount: Int32
  /// `inherit (…)` sources: nodes at ``CompiledProgram/operands``.
  var sourceStart: Int32
  var sourceCount: Int32
}

/// A formal parameter.
struct FormalInfo {
  var symbol: UInt32
  /// The default's node, or -1.
  var defaultNode: Int32
  var span: Span
}

/// A lambda.
struct LambdaInfo {
  /// The plain parameter's symbol, or -1.
  var parameter: Int64
  var hasFormals: Bool
  var hasEllipsis: Bool
  /// Formals at ``CompiledProgram/formals``.
  var formalStart: Int32
  var formalCount: Int32
  var body: Int32
  /// The name the lambda was bound to, or -1.
  var name: Int64
  var span: Span
  /// The scope's slots: the parameter, then the formals.
  var slotCount: Int32
}

/// The compiled tree of every file the evaluator has read: node records addressed by index,
/// with side tables for what has a variable size. It only grows.
struct CompiledProgram {
  var nodes = Table<Node>()
  var operands = Table<Int32>()
  var pathElements = Table<PathElement>()
  var entries = Table<EntryInfo>()
  var order = Table<Int32>()
  var dynamics = Table<DynamicInfo>()
  var sets = Table<SetInfo>()
  var formals = Table<FormalInfo>()
  var lambdas = Table<LambdaInfo>()
  /// Positions of attributes (definition spans).
  var positions = Table<Span>()
}
