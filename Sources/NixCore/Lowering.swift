import NixLexer
import NixParser

/// Lowers the parser's bound tree into the compiled program's node records.
struct Lowering {
  var program: CompiledProgram
  let symbols: SymbolTable
  /// The outermost scope's names, by slot.
  let globalNames: [String]
  /// Scopes around the expression being lowered (the outermost, global one not counted).
  var depth: Int32 = 0

  /// The operators that are calls of global builtins (`a - b` is `__sub a b`), computed in line.
  static let arithmetic: [String: ArithmeticOp] = ["__sub": .sub, "__mul": .mul, "__div": .div, "__lessThan": .lessThan]

  /// Lowers `expr`, returning its node.
  mutating func lower(_ expr: Expr) -> Int32 {
    switch expr {
    case .int(let e): return emit(Node(op: .int, int: e.value, span: e.span))
    case .float(let e): return emit(Node(op: .float, int: Int64(bitPattern: e.value.bitPattern), span: e.span))
    case .string(let e):
      let record = StringRecord.permanent(e.bytes)
      return emit(Node(op: .string, int: Int64(Int(bitPattern: record.base)), span: e.span))
    case .path(let e):
      let record = StringRecord.permanent(Array(e.path.utf8))
      return emit(Node(op: .path, int: Int64(Int(bitPattern: record.base)), span: e.span))
    case .variable(let v): return lowerVariable(v)
    case .currentPosition(let e): return emit(Node(op: .currentPosition, span: e.span))
    case .select(let e):
      let target = lower(e.target)
      let (start, count) = lowerPath(e.path)
      let fallback = e.fallback.map { lower($0) } ?? -1
      return emit(Node(op: .select, a: target, b: start, c: count, int: Int64(fallback), span: e.span))
    case .hasAttr(let e):
      let target = lower(e.target)
      let (start, count) = lowerPath(e.path)
      return emit(Node(op: .hasAttr, a: target, b: start, c: count, span: e.span))
    case .attrSet(let set):
      if set.isRecursive { depth += 1 }
      defer { if set.isRecursive { depth -= 1 } }
      return emit(Node(op: .attrs, a: lowerSet(set, innerScope: set.isRecursive), span: set.span))
    case .list(let e):
      let (start, count) = lowerOperands(e.elements)
      return emit(Node(op: .list, a: start, b: count, span: e.span))
    case .lambda(let e): return emit(Node(op: .lambda, a: lowerLambda(e), span: e.span))
    case .call(let e):
      if e.arguments.count == 2, case .variable(let v) = e.function, case .local(let level, let slot) = v.binding,
        level == depth, let op = Self.arithmetic[globalNames[slot]]
      {
        let l = lower(e.arguments[0]), r = lower(e.arguments[1])
        return emit(Node(op: .arithmetic, flag: op.rawValue, a: l, b: r, span: e.span))
      }
      let function = lower(e.function)
      let (start, count) = lowerOperands(e.arguments)
      return emit(Node(op: .call, a: function, b: start, c: count, span: e.span))
    case .letIn(let e):
      depth += 1
      defer { depth -= 1 }
      let set = lowerSet(e.bindings, innerScope: true)
      let body = lower(e.body)
      return emit(Node(op: .letIn, a: set, b: body, span: e.span))
    case .with(let e):
      let scope = lower(e.scope)
      depth += 1
      defer { depth -= 1 }
      let body = lower(e.body)
      return emit(Node(op: .with, a: scope, b: body, span: e.span))
    case .ifThenElse(let e):
      let c = lower(e.condition), t = lower(e.then), o = lower(e.otherwise)
      return emit(Node(op: .ifThenElse, a: c, b: t, c: o, span: e.span))
    case .assertion(let e):
      let c = lower(e.condition), b = lower(e.body)
      return emit(Node(op: .assertion, a: c, b: b, span: e.span))
    case .not(let e): return emit(Node(op: .not, a: lower(e.operand), span: e.span))
    case .binary(let e):
      let l = lower(e.lhs), r = lower(e.rhs)
      let op: Op
      switch e.op {
      case .equal: op = .equal
      case .notEqual: op = .notEqual
      case .and: op = .and
      case .or: op = .or
      case .implication: op = .implication
      case .update: op = .update
      case .concatLists: op = .concatLists
      }
      return emit(Node(op: op, a: l, b: r, span: e.operatorSpan))
    case .concatStrings(let e):
      let (start, count) = lowerOperands(e.parts)
      return emit(Node(op: .concat, flag: e.forceString ? 1 : 0, a: start, b: count, span: e.span))
    }
  }

  mutating func emit(_ node: Node) -> Int32 { program.nodes.append(node) }

  mutating func lowerVariable(_ v: Variable) -> Int32 {
    switch v.binding {
    case .local(let level, let slot):
      return emit(Node(op: .local, a: Int32(level), b: Int32(slot), span: v.span))
    case .dynamic(let level):
      return emit(Node(op: .dynamic, a: Int32(level), b: Int32(bitPattern: v.name.id), span: v.span))
    case .unresolved:
      // The binder reports these before evaluation; a lookup that fails at run time.
      return emit(Node(op: .dynamic, a: -1, b: Int32(bitPattern: v.name.id), span: v.span))
    }
  }

  /// Lowers expressions into consecutive operand slots.
  mutating func lowerOperands(_ exprs: [Expr]) -> (Int32, Int32) {
    let lowered = exprs.map { lower($0) }
    let start = Int32(program.operands.count)
    for n in lowered { program.operands.append(n) }
    return (start, Int32(lowered.count))
  }

  mutating func lowerPath(_ path: [AttrName]) -> (Int32, Int32) {
    var elements: [PathElement] = []
    for element in path {
      switch element {
      case .name(let symbol, let span): elements.append(PathElement(symbol: Int64(symbol.id), node: -1, span: span))
      case .dynamic(let e, let span): elements.append(PathElement(symbol: -1, node: lower(e), span: span))
      }
    }
    let start = Int32(program.pathElements.count)
    for e in elements { program.pathElements.append(e) }
    return (start, Int32(elements.count))
  }

  /// Lowers a set's or `let`'s bindings; with `innerScope`, ``depth`` already counts their own
  /// scope, which plain `inherit x;` does not see.
  mutating func lowerSet(_ set: AttrSet, innerScope: Bool = false) -> Int32 {
    let sources = set.inheritSources.map { lower($0) }
    var entries: [EntryInfo] = []
    for entry in set.entries {
      let position = program.positions.append(entry.span)
      switch entry.value {
      case .plain(let e): entries.append(EntryInfo(symbol: entry.name.id, kind: .plain, node: lower(e), position: position))
      case .inherited(let v):
        // The binder resolved it from the scope's own level (one further in when recursive).
        entries.append(EntryInfo(symbol: entry.name.id, kind: .plain, node: lowerVariable(v), position: position))
      case .inheritedFrom(let index):
        entries.append(EntryInfo(symbol: entry.name.id, kind: .inheritedFrom, node: Int32(index), position: position))
      }
    }
    var dynamics: [DynamicInfo] = []
    for d in set.dynamicAttrs {
      let position = program.positions.append(d.span)
      let name = lower(d.name)
      let value = lower(d.value)
      dynamics.append(DynamicInfo(name: name, value: value, position: position))
    }
    let entryStart = Int32(program.entries.count)
    for e in entries { program.entries.append(e) }
    let orderStart = Int32(program.order.count)
    // Sorted by symbol; a repeated name (a `let` can have none, the parser rejects them) keeps
    // its first definition.
    for i in entries.indices.sorted(by: { (entries[$0].symbol, $0) < (entries[$1].symbol, $1) }) {
      program.order.append(Int32(i))
    }
    let dynamicStart = Int32(program.dynamics.count)
    for d in dynamics { program.dynamics.append(d) }
    let sourceStart = Int32(program.operands.count)
    for s in sources { program.operands.append(s) }
    return program.sets.append(
      SetInfo(
        isRecursive: set.isRecursive, entryStart: entryStart, entryCount: Int32(entries.count),
        orderStart: orderStart, dynamicStart: dynamicStart, dynamicCount: Int32(dynamics.count),
        sourceStart: sourceStart, sourceCount: Int32(sources.count)))
  }

  mutating func lowerLambda(_ e: Lambda) -> Int32 {
    depth += 1
    defer { depth -= 1 }
    var formals: [FormalInfo] = []
    for f in e.formals?.entries ?? [] {
      formals.append(FormalInfo(symbol: f.name.id, defaultNode: f.defaultValue.map { lower($0) } ?? -1, span: f.span))
    }
    let body = lower(e.body)
    let formalStart = Int32(program.formals.count)
    for f in formals { program.formals.append(f) }
    let slots = (e.parameter == nil ? 0 : 1) + formals.count
    return program.lambdas.append(
      LambdaInfo(
        parameter: e.parameter.map { Int64($0.id) } ?? -1, hasFormals: e.formals != nil,
        hasEllipsis: e.formals?.hasEllipsis ?? false, formalStart: formalStart, formalCount: Int32(formals.count),
        body: body, name: e.name.map { Int64($0.id) } ?? -1, span: e.span, slotCount: Int32(slots)))
  }
}
