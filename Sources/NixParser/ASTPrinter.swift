import NixLexer

/// Prints a tree exactly as `nix-instantiate --parse` prints it.
///
/// The form is Nix's `Expr::show`: every operation parenthesised, list elements in
/// parentheses, attributes and formals sorted bytewise by name (inherits first), names quoted
/// where they are not plain identifiers, `a - b` shown as `(__sub a b)`, and so on. Output is
/// built as bytes, so strings with invalid UTF-8 come out unchanged.
public struct ASTPrinter: ~Copyable {
  let names: PrinterNames
  /// The printed bytes.
  var output: ByteWriter

  /// Creates a printer sharing the name tables of `names`.
  public init(names: PrinterNames, capacity: Int = 1 << 16) {
    self.names = names
    self.output = ByteWriter(capacity: capacity)
  }

  /// Creates a printer for trees whose names are in `symbols`.
  public init(symbols: SymbolTable, capacity: Int = 1 << 16) {
    self.init(names: PrinterNames(symbols: symbols), capacity: capacity)
  }

  var symbols: SymbolTable { names.symbols }

  /// Whether `a` sorts before `b` bytewise.
  @inline(__always) func before(_ a: Symbol, _ b: Symbol) -> Bool { names.before(a, b) }

  /// The printed form of `expr`, with no trailing newline.
  ///
  /// A very large top-level set (a generated file) is printed in pieces on two threads.
  public static func print(_ expr: Expr, symbols: SymbolTable, sizeHint: Int = 1 << 16) -> [UInt8] {
    let printed = PrintedPieces(expr, symbols: symbols, sizeHint: sizeHint, alongside: nil)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(printed.count)
    for piece in printed.pieces { bytes.append(contentsOf: piece) }
    return bytes
  }

  /// Prints `expr` and hands the bytes to `body` as consecutive pieces, without copying them
  /// (for large outputs: write them with one `writev`).
  ///
  /// `job`, when given, runs on a second thread while the printing starts (that thread then
  /// helps print); it has finished when `body` is called.
  public static func print<R>(
    _ expr: Expr, symbols: SymbolTable, sizeHint: Int = 1 << 16, alongside job: (@Sendable () -> Void)? = nil,
    into body: ([UnsafeBufferPointer<UInt8>]) -> R
  ) -> R {
    let printed = PrintedPieces(expr, symbols: symbols, sizeHint: sizeHint, alongside: job)
    return withExtendedLifetime(printed) { body(printed.pieces) }
  }

  // MARK: - Primitives

  @inline(__always) mutating func put(_ s: StaticString) {
    output.append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  /// The printed bytes; the printer is consumed.
  public consuming func finish() -> [UInt8] { output.finish() }

  mutating func putText(_ s: String) { output.append(contentsOf: s.utf8) }

  // MARK: - Expressions

  /// Writes one expression.
  public mutating func write(_ expr: Expr) {
    switch expr {
    case .int(let e): putInteger(e.value)
    case .float(let e): putText(Self.formatFloat(e.value))
    case .string(let e): putStringLiteral(e.bytes)
    case .path(let e): putText(e.path)
    case .variable(let e): putName(e.name)
    case .currentPosition: put("__curPos")
    case .select(let e):
      put("(")
      write(e.target)
      put(").")
      writePath(e.path)
      if let fallback = e.fallback {
        put(" or (")
        write(fallback)
        put(")")
      }
    case .hasAttr(let e):
      put("((")
      write(e.target)
      put(") ? ")
      writePath(e.path)
      put(")")
    case .attrSet(let set):
      if set.isRecursive { put("rec ") }
      put("{ ")
      writeBindings(set)
      put("}")
    case .list(let e):
      put("[ ")
      for element in e.elements {
        put("(")
        write(element)
        put(") ")
      }
      put("]")
    case .lambda(let e): writeLambda(e)
    case .call(let e):
      put("(")
      write(e.function)
      for argument in e.arguments {
        put(" ")
        write(argument)
      }
      put(")")
    case .letIn(let e):
      put("(let ")
      writeBindings(e.bindings)
      put("in ")
      write(e.body)
      put(")")
    case .with(let e):
      put("(with ")
      write(e.scope)
      put("; ")
      write(e.body)
      put(")")
    case .ifThenElse(let e):
      put("(if ")
      write(e.condition)
      put(" then ")
      write(e.then)
      put(" else ")
      write(e.otherwise)
      put(")")
    case .assertion(let e):
      put("assert ")
      write(e.condition)
      put("; ")
      write(e.body)
    case .not(let e):
      put("(! ")
      write(e.operand)
      put(")")
    case .binary(let e):
      put("(")
      write(e.lhs)
      switch e.op {
      case .equal: put(" == ")
      case .notEqual: put(" != ")
      case .and: put(" && ")
      case .or: put(" || ")
      case .implication: put(" -> ")
      case .update: put(" // ")
      case .concatLists: put(" ++ ")
      }
      write(e.rhs)
      put(")")
    case .concatStrings(let e):
      put("(")
      for (i, part) in e.parts.enumerated() {
        if i > 0 { put(" + ") }
        write(part)
      }
      put(")")
    }
  }

  /// `a.b."c d".${e}` as Nix shows selection paths.
  mutating func writePath(_ path: [AttrName]) {
    for (i, element) in path.enumerated() {
      if i > 0 { put(".") }
      switch element {
      case .name(let s, _): putName(s)
      case .dynamic(let e, _):
        put("\"${")
        write(e)
        put("}\"")
      }
    }
  }

  /// The bindings of a set or `let`: `inherit`s, then `inherit (…)`s by source, then the
  /// rest sorted by name, then dynamic attributes in order; each followed by `; `.
  mutating func writeBindings(_ set: AttrSet) {
    let entries = set.entries
    // The sorted order lives on the stack for the usual small set.
    withUnsafeTemporaryAllocation(of: Int.self, capacity: entries.count) { buffer in
      var order = buffer
      for i in 0..<entries.count { order[i] = i }
      if entries.count > 1 { order.sort { before(entries[$0].name, entries[$1].name) } }
      writeInherits(set, entries, UnsafeBufferPointer(order))
      writePlain(entries, order)
    }
    writeDynamic(set)
  }

  /// `"${name}" = value; ` for each dynamic attribute, in order.
  mutating func writeDynamic(_ set: AttrSet) {
    guard set.hasDynamicAttrs else { return }
    for attr in set.dynamicAttrs {
      put("\"${")
      write(attr.name)
      put("}\" = ")
      write(attr.value)
      put("; ")
    }
  }

  /// `inherit a b; ` and `inherit (source) c; ` groups, names in sorted order.
  mutating func writeInherits(_ set: AttrSet, _ entries: [AttrEntry], _ order: UnsafeBufferPointer<Int>) {
    var hasInherit = false
    var hasInheritFrom = false
    for i in order {
      switch entries[i].value {
      case .plain: continue
      case .inherited: hasInherit = true
      case .inheritedFrom: hasInheritFrom = true
      }
    }
    if hasInherit {
      put("inherit")
      for i in order {
        guard case .inherited = entries[i].value else { continue }
        put(" ")
        putName(entries[i].name)
      }
      put("; ")
    }
    guard hasInheritFrom else { return }
    var inheritsFrom: [UInt32: [Symbol]] = [:]
    for i in order {
      if case .inheritedFrom(let source) = entries[i].value { inheritsFrom[source, default: []].append(entries[i].name) }
    }
    for source in inheritsFrom.keys.sorted() {
      put("inherit (")
      write(set.inheritSources[Int(source)])
      put(")")
      for name in inheritsFrom[source]! {
        put(" ")
        putName(name)
      }
      put("; ")
    }
  }

  /// `name = value; ` for each entry at `order`.
  mutating func writePlain<Order: Collection<Int>>(_ entries: [AttrEntry], _ order: Order) {
    for i in order {
      guard case .plain(let value) = entries[i].value else { continue }
      putName(entries[i].name)
      put(" = ")
      write(value)
      put("; ")
    }
  }

  /// `({ a, b ? d, ... } @ x: body)`, formals sorted by name.
  mutating func writeLambda(_ lambda: Lambda) {
    put("(")
    if let formals = lambda.formals {
      put("{ ")
      let sorted = formals.entries.sorted { before($0.name, $1.name) }
      for (i, formal) in sorted.enumerated() {
        if i > 0 { put(", ") }
        putName(formal.name)
        if let d = formal.defaultValue {
          put(" ? ")
          write(d)
        }
      }
      if formals.hasEllipsis {
        if !sorted.isEmpty { put(", ") }
        put("...")
      }
      put(" }")
      if lambda.parameter != nil { put(" @ ") }
    }
    if let p = lambda.parameter { putName(p) }
    put(": ")
    write(lambda.body)
    put(")")
  }
}
