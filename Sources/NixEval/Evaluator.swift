import NixLexer
import NixParser

/// What an evaluation may do.
public struct EvalOptions {
  /// Pure evaluation: file reads only under ``allowedPaths``; `getEnv` gives `""`.
  public var pure: Bool = true
  /// Folders (and files) that may be read in pure mode: the evaluated file's folder, `-I`
  /// paths and `--allow-read` paths.
  public var allowedPaths: [String] = []
  /// The search path for `<name>`: (prefix, path) pairs, from `-I` then `NIX_PATH`.
  public var searchPath: [(prefix: String, path: String)] = []
  /// Nested function calls allowed before "stack overflow; max-call-depth exceeded" (Nix's default).
  public var maxCallDepth: Int = 10_000
  /// Nested evaluations allowed before "stack overflow (possible infinite recursion)".
  public var maxEvalDepth: Int = 1_000_000
  /// Evaluation steps allowed (function calls and thunks forced), `nil` for no limit.
  public var maxSteps: Int? = nil
  /// When evaluation must stop (``Clock/now()`` seconds), `nil` for no limit.
  public var deadline: Double? = nil
  /// `builtins.currentSystem`.
  public var currentSystem: String = "x86_64-linux"
  /// The home directory for `~/…` paths in imported files.
  public var homeDirectory: String? = nil
  /// The value of `getEnv` in impure mode.
  public var environment: (String) -> String? = { _ in nil }
  /// `abort-on-warn`: `builtins.warn` fails (uncatchably) after printing its warning, so that
  /// the trace shows where the warning came from.
  public var abortOnWarn: Bool = false
  /// Where `builtins.trace` writes.
  public var traceSink: (String) -> Void = { _ in }
  /// The store folder store paths are computed for (`builtins.storeDir`; Nix's
  /// `NIX_STORE_DIR`). Nothing is written there.
  public var storeDir: String = "/nix/store"
  /// Names bound in the outermost scope besides Nix's own (e.g. `buildClan`, `lib`).
  public var extraGlobals: [(name: String, value: Value)] = []

  public init() {}
}

/// Evaluates Nix expressions: a tree-walking interpreter over the parser's tree, with
/// variables read from environment slots the ``Binder`` chose, thunks for everything lazy, and
/// builtins from ``Builtins``.
public final class Evaluator {
  public let symbols: SymbolTable
  public let sources: SourceMap
  public var options: EvalOptions
  /// The outermost environment: the base environment's names, in ``globalNames`` order.
  public private(set) var globalEnv: Env
  /// The names of ``globalEnv``'s slots.
  public let globalNames: [String]
  /// Symbols the evaluator itself needs.
  public let names: CommonSymbols
  /// The store paths this evaluation computed, and what they hold.
  public let store: OfflineStore
  /// Imported files by real path, evaluated once each.
  var importCache: [String: Value] = [:]
  var callDepth = 0
  /// Nesting of values forced by `deepSeq`, `--strict` and `toJSON` (limited like calls).
  public var deepDepth = 0
  var evalDepth = 0
  var steps = 0
  /// The end of the evaluating thread's stack (the thread that created the evaluator).
  let stack = StackGuard.current()
  /// Attribute names as string values, made once per symbol (``nameString(_:)``).
  var nameStrings: [Value?] = []
  /// An array of unknown positions, shared by the sets builtins make (``unknownPositions(_:)``).
  var sharedUnknownPositions: [Span] = []
  /// Recently interned strings by the address of their bytes (``symbol(of:)``).
  var internCache = [InternCacheEntry](repeating: InternCacheEntry(), count: Evaluator.internCacheSize)
  static let internCacheSize = 1024

  public init(symbols: SymbolTable = SymbolTable(), sources: SourceMap = SourceMap(), options: EvalOptions = EvalOptions()) {
    self.symbols = symbols
    self.sources = sources
    self.options = options
    self.names = CommonSymbols(symbols)
    self.store = OfflineStore(directory: StoreDirectory(PathUtilities.canonical(options.storeDir)))
    var globals = NixGlobals.names
    for extra in options.extraGlobals where !globals.contains(extra.name) { globals.append(extra.name) }
    self.globalNames = globals
    for name in globals { _ = symbols.intern(name) }
    self.globalEnv = Env.make(parent: nil, count: 0)
    globalEnv = Env.make(parent: nil, values: Builtins.baseEnvironment(self, names: globals))
  }

  // MARK: - Entry points

  /// Parses `file` (with the base environment's names in scope) and evaluates it.
  public func evaluate(file: SourceFile) throws(EvalError) -> Value {
    let expr = try parseFile(file)
    return try eval(expr, globalEnv)
  }

  /// Parses a file, turning syntax errors into an ``EvalError``.
  func parseFile(_ file: SourceFile) throws(EvalError) -> Expr {
    var parseOptions = ParserOptions(globals: globalNames)
    parseOptions.homeDirectory = options.homeDirectory
    let result = parse(file, symbols: symbols, options: parseOptions)
    guard let expr = result.expression else {
      let first = result.diagnostics.first { $0.severity == .error }
      var error = EvalError(.syntax, first?.message ?? "syntax error", at: first?.span ?? .unknown)
      if let help = first?.help { error.detail = "       help: \(help)\n" }
      throw error
    }
    return expr
  }

  // MARK: - Evaluation

  /// Counts one more nested thunk evaluation; fails when evaluation nests deeper than
  /// ``EvalOptions/maxEvalDepth`` or the thread's stack is nearly used up.
  @inline(__always)
  func enterEvaluation(at span: @autoclosure () -> Span) throws(EvalError) {
    evalDepth += 1
    if evalDepth > options.maxEvalDepth || (evalDepth & 15 == 0 && stack.exhausted()) {
      evalDepth -= 1
      throw EvalError(.stackOverflow, "stack overflow (possible infinite recursion)", at: span())
    }
  }

  /// Evaluates `expr` in `env` to weak head normal form (never a thunk).
  public func eval(_ expr: Expr, _ env: Env) throws(EvalError) -> Value {
    switch expr {
    case .int(let e): return .int(e.value)
    case .float(let e): return .float(e.value)
    case .string(let e): return .string(NixString(stringBytes(e)))
    case .path(let e): return .path(pathValue(e))
    case .variable(let v):
      if case .local(let level, let slot) = v.binding { return try forceSlot(env, level, slot) }
      return try force(try lookup(v, env))
    case .lambda(let e): return .lambda(Closure(e, env))
    case .call(let c): if let value = eagerArithmetic(c, env) { return value }
    default: break
    }
    // No depth check here: `eval` recurses into itself only as deep as the tree is nested
    // (the parser bounds that); deeper recursion always goes through forcing a thunk or calling
    // a lambda, and those check (``Thunk/compute(_:)``, ``callLambda(_:_:_:at:)``).
    switch expr {
    case .int, .float, .string, .path, .variable, .lambda: return .null  // handled above
    case .currentPosition(let e): return position(e.span)
    case .select(let e): return try evalSelect(e, env)
    case .hasAttr(let e): return try evalHasAttr(e, env)
    case .attrSet(let e): return try evalAttrSet(e, env)
    case .list(let e):
      if e.elements.isEmpty { return .list(.empty) }
      var items: [Value] = []
      items.reserveCapacity(e.elements.count)
      for element in e.elements { items.append(delay(element, env)) }
      return .list(NixList(items))
    case .call(let e): return try evalCall(e, env)
    case .letIn(let e):
      let inner = try bindLet(e.bindings, env)
      return try eval(e.body, inner)
    case .with(let e):
      let inner = Env.make(parent: env, single: delay(e.scope, env), isWith: true)
      return try eval(e.body, inner)
    case .ifThenElse(let e):
      let condition = try evalBool(e.condition, env, "while evaluating a branch condition")
      return try eval(condition ? e.then : e.otherwise, env)
    case .assertion(let e):
      let ok = try evalBool(e.condition, env, "while evaluating the condition of the assertion")
      if !ok {
        throw try assertionFailure(e, env)
      }
      return try eval(e.body, env)
    case .not(let e):
      return .bool(!(try evalBool(e.operand, env, "in the argument of the not operator")))
    case .binary(let e): return try evalBinary(e, env)
    case .concatStrings(let e): return try evalConcat(e, env)
    }
  }

  /// ``eval(_:_:)`` with its two commonest cases, an integer literal and a local variable, done
  /// in line: operands and conditions are mostly these, and they then cost no call.
  @inline(__always)
  func evalOperand(_ expr: Expr, _ env: Env) throws(EvalError) -> Value {
    switch expr {
    case .int(let e): return .int(e.value)
    case .variable(let v):
      if case .local(let level, let slot) = v.binding { return try forceSlot(env, level, slot) }
      return try eval(expr, env)
    default: return try eval(expr, env)
    }
  }

  /// `expr` in `env` as a lazy value: literals, lambdas and variables directly, a thunk otherwise.
  @inline(__always)
  public func delay(_ expr: Expr, _ env: Env) -> Value {
    switch expr {
    case .int(let e): return .int(e.value)
    case .float(let e): return .float(e.value)
    case .string(let e): return .string(NixString(stringBytes(e)))
    case .path(let e): return .path(pathValue(e))
    case .lambda(let e): return .lambda(Closure(e, env))
    case .variable(let v):
      if case .local(let level, let slot) = v.binding {
        return env.value(level: level, slot: slot)
      }
      return .thunk(Thunk(expr, env))
    case .call(let c):
      if let value = eagerArithmetic(c, env) { return value }
      return .thunk(Thunk(expr, env))
    case .concatStrings(let c):
      if let value = eagerSum(c, env) { return value }
      return .thunk(Thunk(expr, env))
    case .attrSet(let set) where isFlatLiteral(set):
      // Building such a set only makes thunks of its values: it cannot fail or loop, so it is
      // built now rather than delayed (the usual `f { a = …; }` argument).
      if let value = try? evalAttrSet(set, env) { return value }
      return .thunk(Thunk(expr, env))
    default:
      return .thunk(Thunk(expr, env))
    }
  }

  /// A non-recursive set literal with static names whose values hold no nested set or list
  /// literal (so that building it eagerly never recurses).
  @inline(__always)
  func isFlatLiteral(_ set: AttrSet) -> Bool {
    if set.isRecursive || !set.dynamicAttrs.isEmpty || !set.inheritSources.isEmpty { return false }
    if let known = set.isFlatLiteral { return known }
    var flat = true
    for entry in set.entries {
      switch entry.value {
      case .plain(.attrSet), .plain(.list), .inheritedFrom: flat = false
      default: break
      }
    }
    set.isFlatLiteral = flat
    return flat
  }

  /// Like ``delay(_:_:)`` for a scope whose own slots are still being filled: a variable of
  /// that scope becomes a thunk instead of being read now.
  @inline(__always)
  func delayInScope(_ expr: Expr, _ scope: Env) -> Value {
    switch expr {
    case .variable(let v):
      if case .local(0, _) = v.binding { return .thunk(Thunk(expr, scope)) }
    case .attrSet:
      // Its values could read slots of this scope that are not filled yet.
      return .thunk(Thunk(expr, scope))
    default: break
    }
    return delay(expr, scope)
  }

  /// A string literal's bytes, made into an array once per literal.
  @inline(__always)
  func stringBytes(_ e: StringLiteral) -> [UInt8] {
    if let a = e.arrayStorage { return a }
    let a = Array(e.bytes)
    e.arrayStorage = a
    return a
  }

  /// A path literal's value, made once per literal.
  @inline(__always)
  func pathValue(_ e: PathLiteral) -> NixPath {
    if let cached = e.evaluated as? NixPath { return cached }
    let p = NixPath(e.path)
    e.evaluated = p
    return p
  }

  /// The weak head normal form of the value in a variable's slot. A thunk there, once
  /// computed, is replaced by its value, so that later reads skip it (not observable: a thunk
  /// computed once always gives the same value). Lists stay behind their thunk: printing tells
  /// a list met twice through the same thunk («repeated») from one met through two.
  @inline(__always)
  func forceSlot(_ env: Env, _ level: Int, _ slot: Int) throws(EvalError) -> Value {
    let address = env.slotAddress(level: level, slot: slot)
    guard case .thunk(let t) = address.pointee else { return address.pointee }
    let value = try t.force(self)
    if case .list = value { return value }
    // Nothing else writes a slot once its scope is filled (`__overrides` are applied before
    // any slot of the scope is read), so the slot still holds `t`.
    address.pointee = value
    return value
  }

  /// The weak head normal form of a lazy value.
  @inline(__always)
  public func force(_ value: Value) throws(EvalError) -> Value {
    if case .thunk(let t) = value { return try t.force(self) }
    return value
  }

  /// The name of `symbol` as a string value (`attrNames`, `mapAttrs`), shared by every use.
  @inline(__always)
  func nameString(_ symbol: Symbol) -> Value {
    let i = Int(symbol.id)
    if i < nameStrings.count, let v = nameStrings[i] { return v }
    return makeNameString(symbol)
  }

  @inline(never)
  func makeNameString(_ symbol: Symbol) -> Value {
    let i = Int(symbol.id)
    if i >= nameStrings.count { nameStrings.append(contentsOf: repeatElement(nil, count: max(i + 1 - nameStrings.count, symbols.count - nameStrings.count))) }
    let v = Value.string(NixString(Array(symbols.bytes(of: symbol))))
    nameStrings[i] = v
    return v
  }

  /// The symbol of a string used as an attribute name. The same bytes are often interned again
  /// and again (a name from `attrNames` selected with `${name}`, a string literal given to
  /// `removeAttrs`), so a small cache maps the address of a string's byte storage to its
  /// symbol: the cache keeps the storage alive, so an address seen again is the same bytes.
  @inline(__always)
  func symbol(of string: NixString) -> Symbol {
    let bytes = string.bytes
    guard let address = bytes.withUnsafeBufferPointer({ $0.baseAddress }), !bytes.isEmpty else {
      return symbols.intern(bytes)
    }
    let key = UInt(bitPattern: address)
    let slot = Int(truncatingIfNeeded: (key >> 4) ^ (key >> 14)) & (Self.internCacheSize - 1)
    if internCache[slot].address == key { return internCache[slot].symbol }
    let symbol = symbols.intern(bytes)
    internCache[slot] = InternCacheEntry(bytes: bytes, address: key, symbol: symbol)
    return symbol
  }

  /// `count` unknown positions (for the attributes of a set no source text defined), sharing
  /// one array among sets of the same size.
  func unknownPositions(_ count: Int) -> [Span] {
    if sharedUnknownPositions.count != count { sharedUnknownPositions = [Span](repeating: .unknown, count: count) }
    return sharedUnknownPositions
  }

  /// Counts a step against ``EvalOptions/maxSteps``.
  @inline(__always) func step(at span: Span) throws(EvalError) {
    if options.maxSteps == nil && options.deadline == nil { return }
    steps += 1
    if let limit = options.maxSteps, steps > limit {
      throw EvalError(.limit, "evaluation exceeded the step limit of \(limit) (--max-steps)", at: span)
    }
    if let deadline = options.deadline, steps & 1023 == 0, Clock.now() > deadline {
      throw EvalError(.limit, "evaluation timed out (--timeout)", at: span)
    }
  }

  /// `{ file, line, column }` of a position, as `__curPos` and `unsafeGetAttrPos` give it.
  public func position(_ span: Span) -> Value {
    guard span.isKnown, let file = sources.file(span.file) else { return .null }
    let loc = file.location(of: span.start)
    var b = AttrsBuilder(capacity: 3)
    b.add(names.file, .string(file.name))
    b.add(names.line, .int(Int64(loc.line)))
    b.add(names.column, .int(Int64(loc.column)))
    return .attrs(b.build())
  }

  func assertionFailure(_ e: Assertion, _ env: Env) throws(EvalError) -> EvalError {
    // Nix explains a failed `a == b` by showing where the two sides differ.
    if case .binary(let op) = e.condition, op.op == .equal {
      let a = try eval(op.lhs, env)
      let b = try eval(op.rhs, env)
      return try explainInequality(a, b, at: op.operatorSpan)
        .adding("while evaluating the condition of the assertion '\(showExpr(e.condition))'", at: e.span)
    }
    return EvalError(.assertion, "assertion '\(showExpr(e.condition))' failed", at: e.span)
  }

  /// An expression as `nix-instantiate --parse` prints it, for messages.
  func showExpr(_ expr: Expr) -> String {
    String(decoding: ASTPrinter.print(expr, symbols: symbols, sizeHint: 256), as: UTF8.self)
  }

  /// The source text of a span, for messages.
  func sourceText(_ span: Span) -> String {
    guard span.isKnown, let file = sources.file(span.file) else { return "" }
    let bytes = file.bytes[Int(span.start)..<min(Int(span.end), file.bytes.count)]
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// Symbols the evaluator looks up often, interned once.
public struct CommonSymbols {
  public let outPath, functor, toStringName, type, derivation, file, line, column, name, value, overrides: Symbol
  public let drvPath, outputName, key, success, right, wrong, prefix, path: Symbol

  init(_ symbols: SymbolTable) {
    outPath = symbols.intern("outPath")
    functor = symbols.intern("__functor")
    toStringName = symbols.intern("__toString")
    type = symbols.intern("type")
    derivation = symbols.intern("derivation")
    file = symbols.intern("file")
    line = symbols.intern("line")
    column = symbols.intern("column")
    name = symbols.intern("name")
    value = symbols.intern("value")
    overrides = symbols.intern("__overrides")
    drvPath = symbols.intern("drvPath")
    outputName = symbols.intern("outputName")
    key = symbols.intern("key")
    success = symbols.intern("success")
    right = symbols.intern("right")
    wrong = symbols.intern("wrong")
    prefix = symbols.intern("prefix")
    path = symbols.intern("path")
  }
}

/// A string interned lately: its bytes (kept, so that their address stays theirs), that
/// address and the symbol.
struct InternCacheEntry {
  var bytes: [UInt8] = []
  var address: UInt = 0
  var symbol = Symbol(id: 0)
}
