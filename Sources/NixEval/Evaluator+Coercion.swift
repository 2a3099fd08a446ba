import NixLexer
import NixParser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Evaluator {
  // MARK: - Forcing to a type

  /// "expected a set but found a list: [ ]", with the context as a trace line.
  public func typeError(_ expected: String, _ found: Value, at span: Span, _ context: String) -> EvalError {
    EvalError(.type, "expected \(expected) but found \(found.typeDescription): \(describe(found))", at: span)
      .adding(context, at: span)
  }

  public func forceBool(_ v: Value, at span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> Bool {
    let v = try force(v)
    if case .bool(let b) = v { return b }
    throw typeError("a Boolean", v, at: span, context())
  }

  /// A Boolean from evaluating `expr`, the error (rare) located at `expr`.
  @inline(__always)
  func evalBool(_ expr: Expr, _ env: Env, _ context: @autoclosure () -> String) throws(EvalError) -> Bool {
    let v = try evalOperand(expr, env)
    if case .bool(let b) = v { return b }
    throw typeError("a Boolean", v, at: expr.span, context())
  }

  public func forceInt(_ v: Value, at span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> Int64 {
    let v = try force(v)
    if case .int(let i) = v { return i }
    throw typeError("an integer", v, at: span, context())
  }

  /// A number as a double (ints convert), for float arithmetic.
  public func forceFloat(_ v: Value, at span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> Double {
    let v = try force(v)
    switch v {
    case .float(let f): return f
    case .int(let i): return Double(i)
    default: throw typeError("a float", v, at: span, context())
    }
  }

  public func forceAttrs(_ v: Value, at span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> Attrs {
    let v = try force(v)
    if case .attrs(let a) = v { return a }
    throw typeError("a set", v, at: span, context())
  }

  public func forceList(_ v: Value, at span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> NixList {
    let v = try force(v)
    if case .list(let l) = v { return l }
    throw typeError("a list", v, at: span, context())
  }

  /// A function (a lambda, a builtin, or a set with `__functor`).
  public func forceFunction(_ v: Value, at span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> Value {
    let v = try force(v)
    switch v {
    case .lambda, .primop: return v
    case .attrs(let a) where a[names.functor] != nil: return v
    default: throw typeError("a function", v, at: span, context())
    }
  }

  /// A string value (not coerced: paths and sets are errors).
  public func forceString(_ v: Value, at span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> NixString {
    let v = try force(v)
    if case .string(let s) = v { return s }
    throw typeError("a string", v, at: span, context())
  }

  /// A string value that must not refer to the store (Nix's `forceStringNoCtx`): names of
  /// attributes, hash algorithms, regular expressions and the like.
  public func forceStringWithoutContext(_ v: Value, at span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> NixString {
    let s = try forceString(v, at: span, context())
    if s.hasContext { throw contextNotAllowed(s, at: span) }
    return s
  }

  /// "the string '…' is not allowed to refer to a store path (such as '…')".
  func contextNotAllowed(_ s: NixString, at span: Span) -> EvalError {
    let example = s.context.elements.first?.display ?? ""
    return EvalError(
      .other, "the string '\(s.text)' is not allowed to refer to a store path (such as '\(example)')", at: span)
  }

  // MARK: - Coercion

  /// Nix's coercion to a string: strings (with their context), paths (copied to the store
  /// with `copyToStore`, which is Nix's default: the result is the store path, referring to
  /// it; otherwise their absolute path), sets with `__toString` or `outPath`; with
  /// `coerceMore` also numbers, Booleans, null and lists (as `toString` does).
  public func coerceToString(
    _ v: Value, at span: Span, coerceMore: Bool, copyToStore: Bool = true, _ context: @autoclosure () -> String
  ) throws(EvalError) -> NixString {
    let v = try force(v)
    switch v {
    case .string(let s): return s
    case .path(let p):
      if copyToStore { return try copyPathToStore(p.string, at: span) }
      return NixString(p.string)
    case .attrs(let a):
      if let f = a[names.toStringName] {
        let result = try call(f, v, at: span)
        return try coerceToString(result, at: span, coerceMore: coerceMore, copyToStore: copyToStore, context())
      }
      if let out = a[names.outPath] {
        return try coerceToString(out, at: span, coerceMore: coerceMore, copyToStore: copyToStore, context())
      }
    default:
      if coerceMore {
        switch v {
        case .int(let i): return NixString(Self.decimal(i))
        case .float(let f): return NixString(Self.fixedFloat(f))
        case .bool(let b): return NixString(b ? "1" : "")
        case .null: return NixString([])
        case .list(let l):
          var out = StringBuilder()
          for (i, item) in l.items.enumerated() {
            let s = try coerceToString(item, at: span, coerceMore: true, copyToStore: copyToStore, context())
            out.append(s)
            if i < l.count - 1 {
              if case .list(let inner) = try force(item), inner.count == 0 { continue }
              out.append(contentsOf: CollectionOfOne(UInt8(ascii: " ")))
            }
          }
          return out.string
        default: break
        }
      }
    }
    throw EvalError(.type, "cannot coerce \(v.typeDescription) to a string: \(describe(v))", at: span)
      .adding(context(), at: span)
  }

  /// The decimal digits of `i` (with `-` when negative).
  static func decimal(_ i: Int64) -> [UInt8] {
    if i >= 0 && i < 10 { return [UInt8(ascii: "0") + UInt8(i)] }
    var digits: [UInt8] = []
    digits.reserveCapacity(20)
    var m = i.magnitude
    while m > 0 {
      digits.append(UInt8(ascii: "0") + UInt8(m % 10))
      m /= 10
    }
    if i < 0 { digits.append(UInt8(ascii: "-")) }
    digits.reverse()
    return digits
  }

  /// A float as C++'s `std::to_string` writes it (`toString 1.5` is `"1.500000"`).
  static func fixedFloat(_ f: Double) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
      let written = withVaList([f]) { vsnprintf(buffer.baseAddress!, 512, "%f", $0) }
      let bytes = UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(max(0, min(written, 511))))
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// A value coerced to a path: a path, or a string holding an absolute path.
  public func coerceToPath(_ v: Value, at span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> String {
    let v = try force(v)
    if case .path(let p) = v { return p.string }
    let s = try coerceToString(v, at: span, coerceMore: false, copyToStore: false, context()).text
    if !s.hasPrefix("/") {
      throw EvalError(.other, "string '\(s)' doesn't represent an absolute path", at: span).adding(context(), at: span)
    }
    return PathUtilities.canonical(s)
  }
}

/// Path spelling: canonical absolute paths as Nix keeps them.
public enum PathUtilities {
  /// `path` with `.`/`..` resolved and duplicate or trailing slashes removed (no symlinks
  /// followed), as Nix's `canonPath`.
  public static func canonical(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }

  /// The folder part of a path (`dirOf`).
  public static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }

  /// The last component (`baseNameOf`).
  public static func baseName(of path: String) -> String {
    var p = Substring(path)
    if p.hasSuffix("/") { p = p.dropLast() }
    guard let slash = p.lastIndex(of: "/") else { return String(p) }
    return String(p[p.index(after: slash)...])
  }
}
