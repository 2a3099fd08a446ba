import NixLexer
import NixParser

extension CoreEvaluator {
  /// Adds a builtin of `arity` arguments.
  func define(_ name: String, _ arity: Int, _ body: @escaping PrimOpInfo.Body) {
    primopIndex[name] = primops.count
    primops.append(PrimOpInfo(name: name, arity: arity, body: body))
    primopArity.append(arity)
    primopBodies.append(body)
  }

  /// Every builtin the next core has.
  func registerBuiltins() {
    registerArithmetic()
    registerTypes()
    registerControl()
    registerLists()
    registerAttrs()
    registerStrings()
    registerRegexAndVersions()
    registerFilesAndSerialization()
    registerMore()
  }

  /// The base environment: the `builtins` set, the constants, and each builtin under its
  /// global names (a builtin the next core lacks fails when called).
  func makeGlobalEnv() -> UnsafeMutableRawPointer {
    var byName: [String: Value] = [:]
    for (i, op) in primops.enumerated() { byName[op.name] = Value(.primop, UInt64(i)) }
    // Constants: no record of the heap is made before the table is complete.
    byName["currentSystem"] = permanentString(options.currentSystem)
    byName["nixVersion"] = permanentString("2.24.0")
    byName["langVersion"] = .int(6)
    byName["currentTime"] = .int(0)
    byName["storeDir"] = permanentString("/nix/store")
    byName["nixPath"] = emptyList
    for name in NixGlobals.builtinNames where byName[name] == nil {
      define(name, 1) { ev, _, _, _, span throws(CoreError) in
        throw CoreError(.notImplemented, "builtins.\(name) is not implemented in the next core", at: span)
      }
      byName[name] = Value(.primop, UInt64(primops.count - 1))
    }
    var entries = byName.map { (symbols.intern($0.key).id, $0.value) }
    let builtinsSymbol = symbols.intern("builtins").id
    entries.append((builtinsSymbol, .null))
    entries.sort { $0.0 < $1.0 }
    let set = makeAttrs(entries.count)
    for (i, e) in entries.enumerated() { set.set(i, symbol: e.0, position: -1, value: e.1) }
    let builtinsValue = Value(.attrs, record: set.base)
    if let i = set.find(builtinsSymbol) { set.valuePointer(i).pointee = builtinsValue }
    let env = makeEnv(nil, globalNames.count)
    let slots = EnvRecord(env).slots
    for (i, name) in globalNames.enumerated() {
      switch name {
      case "true": slots[i] = .true
      case "false": slots[i] = .false
      case "null": slots[i] = .null
      case "builtins": slots[i] = builtinsValue
      default:
        let key = name.hasPrefix("__") ? String(name.dropFirst(2)) : name
        slots[i] = byName[key] ?? .null
      }
    }
    return env
  }

  /// A string outside the heap (never freed, never collected).
  func permanentString(_ text: String) -> Value { Value(.string, record: StringRecord.permanent(Array(text.utf8)).base) }

  // MARK: - Forcing to a type

  @inline(__always) func forceInt(_ v: Value, _ span: Span, _ context: String) throws(CoreError) -> Int64 {
    let f = try force(v)
    guard f.tag == .int else { throw typeError(f, "an integer", at: span, context) }
    return f.asInt
  }

  @inline(__always) func forceList(_ v: Value, _ span: Span, _ context: String) throws(CoreError) -> ListRecord {
    let f = try force(v)
    guard f.tag == .list else { throw typeError(f, "a list", at: span, context) }
    return ListRecord(f)
  }

  @inline(__always) func forceAttrs(_ v: Value, _ span: Span, _ context: String) throws(CoreError) -> Value {
    let f = try force(v)
    guard f.tag == .attrs else { throw typeError(f, "a set", at: span, context) }
    return f
  }

  @inline(__always) func forceStringValue(_ v: Value, _ span: Span, _ context: String) throws(CoreError) -> Value {
    let f = try force(v)
    guard f.tag == .string else { throw typeError(f, "a string", at: span, context) }
    return f
  }

  @inline(__always) func forceFunction(_ v: Value, _ span: Span, _ context: String) throws(CoreError) -> Value {
    let f = try force(v)
    guard f.isFunction || (f.tag == .attrs && AttrsRecord(f).find(names.functor) != nil) else {
      throw typeError(f, "a function", at: span, context)
    }
    return f
  }

  /// The bytes of a value coerced as `toString` does, with its context.
  func coerceToString(_ v: Value, _ span: Span) throws(CoreError) -> Value {
    let f = try force(v)
    if f.tag == .string { return f }
    var bytes: [UInt8] = []
    var context: [String] = []
    try appendToString(f, to: &bytes, context: &context, at: span)
    return string(bytes, context: contextIndex(context))
  }
}
