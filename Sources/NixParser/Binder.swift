import NixLexer

/// Resolves every variable of `expr` (a tree `parse` built with `resolveVariables: false`) and
/// returns the diagnostics for those bound nowhere. It only reads `symbols` when every global
/// name is already interned (``parse(_:symbols:options:)`` interns them), so it may run while
/// another thread prints the same tree.
public func resolveVariables(
  in expr: Expr, file: SourceFile, symbols: SymbolTable, globals: [String] = NixGlobals.names
) -> [Diagnostic] {
  var binder = Binder(symbols: symbols, file: file, globals: globals)
  binder.resolve(expr)
  return binder.diagnostics.sorted { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
}

/// The `let` bindings of `expr` that nothing reads (names starting with `_` excepted), as
/// warnings with the code `unused-binding`. Variables are resolved as ``resolveVariables(in:file:symbols:globals:)``
/// resolves them.
public func unusedLetBindings(
  in expr: Expr, file: SourceFile, symbols: SymbolTable, globals: [String] = NixGlobals.names
) -> [Diagnostic] {
  var binder = Binder(symbols: symbols, file: file, globals: globals)
  binder.resolve(expr)
  return binder.unused.sorted { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
}

/// Which slots of a `let` frame were read.
final class Usage {
  var read: [Bool]
  init(_ count: Int) { read = [Bool](repeating: false, count: count) }
}

/// Resolves every variable to the scope that binds it, and reports those bound nowhere.
///
/// Scopes mirror Nix's static environments: a lambda's frame holds its parameter then its
/// formals; a `let` or `rec { }` frame holds its attributes in definition order; `with` adds
/// a frame of its own whose names are only known at run time. The outermost frame holds the
/// globals. A variable bound in a frame is ``VariableBinding/local(level:slot:)``; one that no
/// frame binds but a `with` encloses is ``VariableBinding/dynamic(level:)``; any other is an
/// error, as in Nix (lexical scope always wins over `with`).
struct Binder {
  /// One static scope.
  struct Frame {
    let isWith: Bool
    let names: [Symbol]
    let lookup: [Symbol: Int]?
    /// For a `let` frame: which names were read.
    var usage: Usage? = nil

    /// A frame of `names`; a large one gets a lookup table unless `indexed` is false.
    init(names: [Symbol], indexed: Bool = true) {
      self.isWith = false
      self.names = names
      if indexed, names.count > 8 {
        var table = [Symbol: Int](minimumCapacity: names.count)
        for (i, name) in names.enumerated() where table[name] == nil { table[name] = i }
        lookup = table
      } else {
        lookup = nil
      }
    }

    init(with: Void) {
      isWith = true
      names = []
      lookup = nil
    }

    func slot(of name: Symbol) -> Int? {
      if let lookup { return lookup[name] }
      return names.firstIndex(of: name)
    }
  }

  let symbols: SymbolTable
  let file: SourceFile
  var frames: [Frame]
  var diagnostics: [Diagnostic] = []
  /// `let` bindings nothing reads.
  var unused: [Diagnostic] = []
  /// The outermost frame as a table indexed by symbol id (-1: not a global), so that the most
  /// frequent lookups (`true`, `null`, `builtins`) cost one array read after the inner frames.
  let globalSlots: [Int32]

  init(symbols: SymbolTable, file: SourceFile, globals: [String]) {
    self.symbols = symbols
    self.file = file
    let globalSymbols = globals.map { symbols.intern($0) }
    // The globals are looked up through `globalSlots`; their frame keeps only the names.
    self.frames = [Frame(names: globalSymbols, indexed: false)]
    var slots = [Int32](repeating: -1, count: symbols.count)
    for (slot, symbol) in globalSymbols.enumerated().reversed() { slots[Int(symbol.id)] = Int32(slot) }
    self.globalSlots = slots
  }

  // MARK: - Variables

  /// Resolves one variable against the current frames.
  mutating func bind(_ variable: Variable) {
    var withLevel: Int? = nil
    var level = 0
    var i = frames.count - 1
    while i >= 1 {
      if frames[i].isWith {
        if withLevel == nil { withLevel = level }
      } else if let slot = frames[i].slot(of: variable.name) {
        variable.binding = .local(level: level, slot: slot)
        frames[i].usage?.read[slot] = true
        return
      }
      level += 1
      i -= 1
    }
    let id = Int(variable.name.id)
    if id < globalSlots.count, globalSlots[id] >= 0 {
      variable.binding = .local(level: level, slot: Int(globalSlots[id]))
      return
    }
    if let withLevel {
      variable.binding = .dynamic(level: withLevel)
      return
    }
    let name = symbols[variable.name]
    diagnostics.append(
      Diagnostic(
        code: ParseMessage.undefinedVariable(name: name).code,
        message: ParseMessage.undefinedVariable(name: name).text, span: variable.span,
        help: suggestion(for: name).map { "did you mean '\($0)'?" }))
  }

  /// The name in scope closest to a misspelt one, if one is close enough.
  func suggestion(for name: String) -> String? {
    var best: (String, Int)? = nil
    for frame in frames where !frame.isWith {
      for symbol in frame.names {
        let candidate = symbols[symbol]
        if candidate.hasPrefix("__") && !name.hasPrefix("__") { continue }
        let limit = max(1, name.count / 3)
        if let d = EditDistance.between(name, candidate, limit: limit), d < (best?.1 ?? Int.max) {
          best = (candidate, d)
        }
      }
    }
    return best?.0
  }

  // MARK: - Walking

  /// Resolves every variable in `expr`.
  mutating func resolve(_ expr: Expr) {
    switch expr {
    case .int, .float, .string, .path, .currentPosition:
      return
    case .variable(let v):
      bind(v)
    case .select(let e):
      resolve(e.target)
      resolve(e.path)
      if let fallback = e.fallback { resolve(fallback) }
    case .hasAttr(let e):
      resolve(e.target)
      resolve(e.path)
    case .attrSet(let set):
      if set.isRecursive {
        frames.append(Frame(names: set.entries.map(\.name)))
        resolveBindings(set, innerIsCurrent: true)
        frames.removeLast()
      } else {
        resolveBindings(set, innerIsCurrent: false)
      }
    case .list(let e):
      for element in e.elements { resolve(element) }
    case .lambda(let e):
      var names: [Symbol] = []
      if let p = e.parameter { names.append(p) }
      if let formals = e.formals { names.append(contentsOf: formals.entries.map(\.name)) }
      frames.append(Frame(names: names))
      for formal in e.formals?.entries ?? [] {
        if let d = formal.defaultValue { resolve(d) }
      }
      resolve(e.body)
      frames.removeLast()
    case .call(let e):
      resolve(e.function)
      for argument in e.arguments { resolve(argument) }
    case .letIn(let e):
      var frame = Frame(names: e.bindings.entries.map(\.name))
      let usage = Usage(e.bindings.entries.count)
      frame.usage = usage
      frames.append(frame)
      resolveBindings(e.bindings, innerIsCurrent: true)
      resolve(e.body)
      frames.removeLast()
      for (slot, entry) in e.bindings.entries.enumerated() where !usage.read[slot] {
        let name = symbols[entry.name]
        // A repeated name reads through its first slot; `_`-names are unused on purpose.
        if name.hasPrefix("_") || frame.slot(of: entry.name) != slot { continue }
        unused.append(Diagnostic(
          .warning, code: "unused-binding", message: "'\(name)' is bound by this let but nothing reads it",
          span: entry.span, help: "remove the binding, or name it '_\(name)' if it is unused on purpose"))
      }
    case .with(let e):
      resolve(e.scope)
      frames.append(Frame(with: ()))
      resolve(e.body)
      frames.removeLast()
    case .ifThenElse(let e):
      resolve(e.condition)
      resolve(e.then)
      resolve(e.otherwise)
    case .assertion(let e):
      resolve(e.condition)
      resolve(e.body)
    case .not(let e):
      resolve(e.operand)
    case .binary(let e):
      resolve(e.lhs)
      resolve(e.rhs)
    case .concatStrings(let e):
      for part in e.parts { resolve(part) }
    }
  }

  /// Resolves the dynamic parts of an attribute path.
  mutating func resolve(_ path: [AttrName]) {
    for element in path {
      if case .dynamic(let e, _) = element { resolve(e) }
    }
  }

  /// Resolves a set's or `let`'s values. With `innerIsCurrent`, the innermost frame is the
  /// set's own (values and `inherit (…)` sources see it; plain `inherit x` sees the frame
  /// outside).
  mutating func resolveBindings(_ set: AttrSet, innerIsCurrent: Bool) {
    for source in set.inheritSources { resolve(source) }
    for entry in set.entries {
      switch entry.value {
      case .plain(let value): resolve(value)
      case .inherited(let variable):
        if innerIsCurrent {
          let own = frames.removeLast()
          bind(variable)
          // The variable was resolved one frame further in than it will be evaluated from.
          if case .local(let level, let slot) = variable.binding {
            variable.binding = .local(level: level + 1, slot: slot)
          } else if case .dynamic(let level) = variable.binding {
            variable.binding = .dynamic(level: level + 1)
          }
          frames.append(own)
        } else {
          bind(variable)
        }
      case .inheritedFrom: break
      }
    }
    for attr in set.dynamicAttrs {
      resolve(attr.name)
      resolve(attr.value)
    }
  }
}
