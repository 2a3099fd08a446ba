import Foundation
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
  /// A very large top-level set (a generated file) is printed in two halves on two threads.
  public static func print(_ expr: Expr, symbols: SymbolTable, sizeHint: Int = 1 << 16) -> [UInt8] {
    printer(for: expr, symbols: symbols, sizeHint: sizeHint).finish()
  }

  /// Prints `expr` and hands the bytes to `body` without copying them (for large outputs).
  public static func print<R>(
    _ expr: Expr, symbols: SymbolTable, sizeHint: Int = 1 << 16, into body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    let printer = printer(for: expr, symbols: symbols, sizeHint: sizeHint)
    return printer.output.withBytes(body)
  }

  /// A printer that has printed `expr`.
  static func printer(for expr: Expr, symbols: SymbolTable, sizeHint: Int) -> ASTPrinter {
    var printer = ASTPrinter(symbols: symbols, capacity: sizeHint)
    if case .attrSet(let set) = expr {
      if set.isRecursive { printer.put("rec ") }
      printer.put("{ ")
      printer.writeBindings(set, parallel: true)
      printer.put("}")
    } else {
      printer.write(expr)
    }
    return printer
  }

  // MARK: - Primitives

  @inline(__always) mutating func put(_ s: StaticString) {
    output.append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  /// The printed bytes; the printer is consumed.
  public consuming func finish() -> [UInt8] { output.finish() }

  mutating func putText(_ s: String) { output.append(contentsOf: s.utf8) }

  /// Writes a string literal with Nix's escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\${`).
  mutating func putStringLiteral(_ bytes: ArraySlice<UInt8>) {
    bytes.withUnsafeBufferPointer { putStringLiteral($0) }
  }

  /// ``putStringLiteral(_:)`` over raw bytes: runs without escapes are copied whole.
  mutating func putStringLiteral(_ buffer: UnsafeBufferPointer<UInt8>) {
    output.append(UInt8(ascii: "\""))
    var runStart = 0
    var i = 0
    let n = buffer.count
    while i < n {
      let b = buffer[i]
      // Every byte that needs an escape is at most '\\' (0x5C); most text is above it.
      if b > UInt8(ascii: "\\") || !Self.needsEscape(b, next: i + 1 < n ? buffer[i + 1] : 0) {
        i += 1
        continue
      }
      output.append(UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
      switch b {
      case 0x0A: put("\\n")
      case 0x0D: put("\\r")
      case 0x09: put("\\t")
      case UInt8(ascii: "$"): put("\\$")
      default:
        output.append(UInt8(ascii: "\\"))
        output.append(b)
      }
      i += 1
      runStart = i
    }
    output.append(UnsafeBufferPointer(rebasing: buffer[runStart..<n]))
    output.append(UInt8(ascii: "\""))
  }

  /// Whether `b` (followed by `next`) is written escaped in a string literal.
  @inline(__always) static func needsEscape(_ b: UInt8, next: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x0D, 0x09: true
    case UInt8(ascii: "$"): next == UInt8(ascii: "{")
    default: false
    }
  }

  /// Writes a name as Nix prints identifiers: bare when it is one, quoted otherwise.
  mutating func putName(_ symbol: Symbol) {
    let bytes = symbols.bytes(of: symbol)
    let isPlain = names.isPlain(symbol)
    if isPlain {
      output.append(contentsOf: bytes)
    } else {
      putStringLiteral(bytes)
    }
  }

  /// Whether a name can be printed bare: an identifier that is not a keyword.
  static func isPlainIdentifier(_ bytes: ArraySlice<UInt8>) -> Bool {
    guard let first = bytes.first else { return false }
    let isLetter = { (b: UInt8) in (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
    guard isLetter(first) || first == UInt8(ascii: "_") else { return false }
    for b in bytes.dropFirst() {
      let ok =
        isLetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
        || b == UInt8(ascii: "'") || b == UInt8(ascii: "-")
      if !ok { return false }
    }
    switch String(decoding: bytes, as: UTF8.self) {
    case "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit": return false
    default: return true
    }
  }

  /// Writes an integer in decimal without going through `String`.
  mutating func putInteger(_ value: Int64) {
    if value == 0 {
      output.append(UInt8(ascii: "0"))
      return
    }
    var digits: (UInt64, [UInt8]) = (value.magnitude, [])
    if value < 0 { output.append(UInt8(ascii: "-")) }
    while digits.0 > 0 {
      digits.1.append(UInt8(ascii: "0") + UInt8(digits.0 % 10))
      digits.0 /= 10
    }
    for d in digits.1.reversed() { output.append(d) }
  }

  /// A float as C++ streams print a double: `%g` with six significant digits.
  static func formatFloat(_ value: Double) -> String {
    String(format: "%g", value)
  }

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
  mutating func writeBindings(_ set: AttrSet, parallel: Bool = false) {
    let entries = set.entries
    var sorted = Array(entries.indices)
    if sorted.count > 1 {
      sorted.sort { before(entries[$0].name, entries[$1].name) }
    }
    var inherits: [Symbol] = []
    var inheritsFrom: [Int: [Symbol]] = [:]
    var plainOrder: [Int] = []
    plainOrder.reserveCapacity(sorted.count)
    for i in sorted {
      let entry = entries[i]
      switch entry.value {
      case .plain: plainOrder.append(i)
      case .inherited: inherits.append(entry.name)
      case .inheritedFrom(let source): inheritsFrom[source, default: []].append(entry.name)
      }
    }
    if !inherits.isEmpty {
      put("inherit")
      for name in inherits {
        put(" ")
        putName(name)
      }
      put("; ")
    }
    for source in inheritsFrom.keys.sorted() {
      put("inherit (")
      write(set.inheritSources[source])
      put(")")
      for name in inheritsFrom[source]! {
        put(" ")
        putName(name)
      }
      put("; ")
    }
    if parallel, plainOrder.count >= Self.parallelThreshold {
      // The second half goes to another thread and its bytes are appended after the first.
      let half = plainOrder.count / 2
      let second = Array(plainOrder[half...])
      let names = self.names
      let box = BytesBox()
      let done = DispatchSemaphore(value: 0)
      let worker = Thread {
        var printer = ASTPrinter(names: names, capacity: 1 << 20)
        printer.writePlain(entries, second[...])
        box.bytes = printer.finish()
        done.signal()
      }
      worker.stackSize = 1 << 30
      worker.start()
      writePlain(entries, plainOrder[..<half])
      done.wait()
      box.bytes.withUnsafeBufferPointer { output.append($0) }
    } else {
      writePlain(entries, plainOrder[...])
    }
    for attr in set.dynamicAttrs {
      put("\"${")
      write(attr.name)
      put("}\" = ")
      write(attr.value)
      put("; ")
    }
  }

  /// `name = value; ` for each entry at `order`.
  mutating func writePlain(_ entries: [AttrEntry], _ order: ArraySlice<Int>) {
    for i in order {
      guard case .plain(let value) = entries[i].value else { continue }
      putName(entries[i].name)
      put(" = ")
      write(value)
      put("; ")
    }
  }

  /// Sets with at least this many attributes are printed on two threads at the top level.
  static let parallelThreshold = 2048

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

/// Carries bytes back from a printing thread.
final class BytesBox: @unchecked Sendable {
  var bytes: [UInt8] = []
}

/// The name tables a printer needs, computed once and shared between printing threads:
/// each symbol's place in bytewise order and whether it prints bare.
public final class PrinterNames: @unchecked Sendable {
  let symbols: SymbolTable
  private let rank: [Int32]
  private let plain: [Bool]

  /// Computes the tables for every symbol interned so far.
  public init(symbols: SymbolTable) {
    self.symbols = symbols
    let count = symbols.count
    let order = (0..<count).map { Symbol(id: UInt32($0)) }.sorted { symbols.compare($0, $1) }
    var rank = [Int32](repeating: 0, count: count)
    for (place, symbol) in order.enumerated() { rank[Int(symbol.id)] = Int32(place) }
    self.rank = rank
    self.plain = (0..<count).map { ASTPrinter.isPlainIdentifier(symbols.bytes(of: Symbol(id: UInt32($0)))) }
  }

  /// Whether `a` sorts before `b` bytewise.
  @inline(__always) func before(_ a: Symbol, _ b: Symbol) -> Bool {
    Int(a.id) < rank.count && Int(b.id) < rank.count ? rank[Int(a.id)] < rank[Int(b.id)] : symbols.compare(a, b)
  }

  /// Whether a name prints without quotes.
  @inline(__always) func isPlain(_ symbol: Symbol) -> Bool {
    Int(symbol.id) < plain.count ? plain[Int(symbol.id)] : ASTPrinter.isPlainIdentifier(symbols.bytes(of: symbol))
  }
}
