import Foundation
@testable import Inventory
import NixEval
import NixLexer
import Testing

/// An evaluator with nixinv's `lib` in scope (as a bare clan file has it), impure so that
/// nixpkgs' own lib can be imported beside it for comparison.
final class LibHarness {
  let globals = ClanGlobals()
  let ev: Evaluator

  init() {
    var options = EvalOptions()
    options.pure = false
    options.extraGlobals = globals.globals()
    ev = Evaluator(options: options)
    globals.evaluator = ev
  }

  /// nixpkgs' lib (de42d442) in the shared folder, when it is there.
  static let nixpkgsLib: String? = {
    let path = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/nixpkgs-lib/de42d442/lib").path
    return FileManager.default.fileExists(atPath: path + "/default.nix") ? path : nil
  }()

  /// The value of `expression` (a file in `directory`).
  func value(_ expression: String, directory: String = "/") throws -> Value {
    try ev.evaluate(file: add(expression, directory: directory))
  }

  /// `expression` as the source file `test.nix` in `directory`.
  func add(_ expression: String, directory: String = "/") -> SourceFile {
    ev.sources.add(name: "\(directory == "/" ? "" : directory)/test.nix", directory: directory, bytes: Array(expression.utf8))
  }

  /// `expression`'s value, evaluated deeply and printed as `nix-instantiate --eval --strict`.
  func show(_ expression: String) throws -> String {
    let v = try value(expression)
    try ev.forceDeep(v, at: .unknown)
    return String(decoding: ValuePrinter.print(v, ev, style: .output), as: UTF8.self)
  }

  /// The text of the string `expression` evaluates to.
  func text(_ expression: String) throws -> String? {
    guard case .string(let s) = try ev.force(try value(expression)) else { return nil }
    return s.text
  }

  /// The settings options the interface module `source` declares.
  func interface(_ source: String, directory: String = "/") throws -> Submodule {
    let file = add(source, directory: directory)
    let module = try ev.evaluate(file: file)
    let lib = try globals.lib()
    let span = Span(file: file.id, start: 0, end: UInt32(min(file.bytes.count, 1)))
    guard case .options(let options) = try InterfaceReader.settings(of: module, module: "m", role: "r", ev, lib: lib, at: span)
    else { throw InventoryError(.evalError, "not options") }
    return options
  }

  /// The error reading the interface `source` gives.
  func interfaceError(_ source: String) -> InventoryError? {
    do {
      _ = try interface(source)
      return nil
    } catch let error as InventoryError {
      return error
    } catch {
      return InventoryError(.evalError, "\(error)")
    }
  }

  /// A value made plain data, deeply (functions and paths are not expected).
  func plain(_ value: Value) throws -> Plain {
    switch try ev.force(value) {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .float(let f): return .float(f)
    case .string(let s): return .string(s.text)
    case .list(let l): return .list(try l.items.map(plain))
    case .attrs(let a):
      var o = PlainObject()
      for (k, v) in zip(a.keys, a.values) { o[ev.symbols[k]] = try plain(v) }
      return .object(o)
    case let other: return .string("«\(other.typeName)»")
    }
  }

  /// The text an error renders as.
  func render(_ error: InventoryError) -> String { error.render(ev.sources) }
}

/// An ``OptionType`` written out in full, to compare types.
func shape(_ type: OptionType) -> String {
  switch type {
  case .string: "str"
  case .bool: "bool"
  case .int: "int"
  case .float: "float"
  case .intBetween(let lo, let hi, _): "ints(\(lo.map(String.init) ?? "_"),\(hi.map(String.init) ?? "_"))"
  case .strMatching(let p): "strMatching(\(p))"
  case .singleLineString: "singleLineStr"
  case .separatedString(let sep): "separatedString(\(jsonString(sep)))"
  case .path: "path"
  case .pathOrString: "pathOrString"
  case .anything(let c): c ? "anything(concat)" : "anything"
  case .raw: "raw"
  case .unspecified: "unspecified"
  case .attrs: "attrs"
  case .deferredModule: "deferredModule"
  case .deferred: "deferred"
  case .nullOr(let t): "nullOr(\(shape(t)))"
  case .enumeration(let cases): "enum(\(cases.joined(separator: ",")))"
  case .either(let a, let b): "either(\(shape(a)),\(shape(b)))"
  case .listOf(let t): "listOf(\(shape(t)))"
  case .attrsOf(let t): "attrsOf(\(shape(t)))"
  case .lazyAttrsOf(let t): "lazyAttrsOf(\(shape(t)))"
  case .submodule(let m): "submodule{\(shape(m))}"
  case .namesOrAttrsOf(let t): "namesOrAttrsOf(\(shape(t)))"
  case .coercedTo(let a, _, let b): "coercedTo(\(shape(a)),\(shape(b)))"
  }
}

/// A submodule's options written out in full: `name:type=default`, by name, then the freeform.
func shape(_ module: Submodule) -> String {
  var parts = module.options.keys.sorted().map { name in
    let d: String
    switch module.defaultValue(name) {
    case .none: d = "!"
    case .hidden: d = "?"
    case .value(let v): d = "=" + plainText(v)
    }
    return "\(name):\(shape(module.options[name]!))\(d)"
  }
  if let f = module.freeform { parts.append("*:\(shape(f))") }
  return parts.joined(separator: ";")
}

/// Plain data as compact JSON-like text.
func plainText(_ p: Plain) -> String {
  switch p {
  case .null: "null"
  case .bool(let b): b ? "true" : "false"
  case .int(let i): String(i)
  case .float(let f): String(f)
  case .string(let s): jsonString(s)
  case .list(let items): "[" + items.map(plainText).joined(separator: ",") + "]"
  case .object(let o): "{" + o.entries.map { "\($0.0):\(plainText($0.1))" }.joined(separator: ",") + "}"
  }
}
