import NixEval
import NixLexer
import NixParser

/// The arguments of `buildClan`/`clan` (and the modules they import), read into the
/// definitions of the clan's inventory: the `inventory` values, `meta`, the names of the
/// `machines` argument, `<directory>/inventory.json` and the folders of `<directory>/machines/`.
struct ClanArguments {
  let evaluator: Evaluator
  let globals: ClanGlobals
  let defaultDirectory: String
  /// The clan's folder, once known (`directory` or `self`).
  var directory: String? = nil
  /// An `inventory.json` given as the input itself (path and source).
  var jsonFile: (String, SourceFile)? = nil
  /// Definitions of `inventory`, in order.
  var inventoryDefinitions: [Definition] = []
  /// Definitions of `meta` (the argument).
  var metaDefinitions: [Definition] = []
  /// Names of the `machines` argument, with where each was written.
  var machineNames: [(String, Span)] = []
  /// The `modules` argument: the clan's own clan.service modules.
  var localServices: Value? = nil

  init(evaluator: Evaluator, globals: ClanGlobals, defaultDirectory: String) {
    self.evaluator = evaluator
    self.globals = globals
    self.defaultDirectory = defaultDirectory
  }

  /// Reads each clan module (an attribute set, a function of the module arguments, or a file).
  mutating func collect(_ modules: [Value]) throws(InventoryError) {
    var queue = modules.map { ($0, Span.unknown, 0) }
    var index = 0
    while index < queue.count {
      let (module, origin, depth) = queue[index]
      index += 1
      let attrs = try load(module, at: origin)
      let ev = evaluator
      func value(_ name: String) -> (Value, Span)? {
        let s = ev.symbols.intern(name)
        guard let v = attrs[s] else { return nil }
        return (v, attrs.position(of: s) ?? .unknown)
      }
      if let (v, span) = value("inventory") { inventoryDefinitions.append(Definition(v, at: span)) }
      if let (v, span) = value("meta") { metaDefinitions.append(Definition(v, at: span)) }
      if let (v, span) = value("machines") {
        let machines = try evaluating { () throws(EvalError) in try ev.forceAttrs(v, at: span, "while evaluating the clan's `machines`") }
        for (k, p) in zip(machines.keys, machines.positions) { machineNames.append((ev.symbols[k], p.isKnown ? p : span)) }
      }
      if let (v, span) = value("directory") {
        let forced = try evaluating { () throws(EvalError) in try ev.force(v) }
        switch forced {
        case .path(let p): directory = p.string
        case .string(let s): directory = s.text
        case .null: break
        default: throw InventoryError(.wrongType, "A definition for option `directory' is not of type `absolute path'.", at: span)
        }
      }
      if directory == nil, let (v, span) = value("self") {
        if case .attrs(let s) = try evaluating({ () throws(EvalError) in try ev.force(v) }), let out = s[ev.symbols.intern("outPath")] {
          let path = try evaluating { () throws(EvalError) in try ev.force(out) }
          if case .path(let p) = path { directory = p.string }
          if case .string(let t) = path, t.text.hasPrefix("/") { directory = t.text }
        }
        _ = span
      }
      if let (v, _) = value("modules") {
        if let existing = localServices {
          localServices = .attrs(try attrsOf(existing).updated(with: try attrsOf(v)))
        } else {
          localServices = v
        }
      }
      if let (v, span) = value("imports") {
        let list = try evaluating { () throws(EvalError) in try ev.forceList(v, at: span, "while evaluating the clan's `imports`") }
        guard depth < 100 else { throw InventoryError(.input, "clan modules import each other more than 100 deep", at: span) }
        for item in list.items { queue.append((item, span, depth + 1)) }
      }
    }
  }

  private func attrsOf(_ v: Value) throws(InventoryError) -> Attrs {
    try evaluating { () throws(EvalError) in try evaluator.forceAttrs(v, at: .unknown, "while evaluating the clan's `modules`") }
  }

  /// A clan module as a set: a file is imported, a function is called with the module arguments.
  private func load(_ module: Value, at span: Span) throws(InventoryError) -> Attrs {
    let ev = evaluator
    var value = try evaluating { () throws(EvalError) in try ev.force(module) }
    if case .path(let p) = value {
      value = try evaluating { () throws(EvalError) in try ev.force(try ev.importFile(p.string, at: span)) }
    }
    if value.isFunction {
      var args = AttrsBuilder()
      args.add(ev.symbols.intern("lib"), .thunk(Thunk { [globals] () throws(EvalError) in try globals.lib() }))
      for name in ["config", "options", "pkgs", "self", "inputs"] {
        args.add(ev.symbols.intern(name), .thunk(Thunk { () throws(EvalError) in
          throw EvalError(.unavailable, "the clan module argument `\(name)` is not available in nixinv", at: span)
        }))
      }
      let argument = Value.attrs(args.build())
      value = try evaluating { () throws(EvalError) in try ev.force(try ev.call(value, argument, at: span)) }
    }
    guard case .attrs(let attrs) = value else {
      throw InventoryError(.wrongType, "a clan module must be a set, a function returning one, or a file; got \(value.typeDescription)", at: span)
    }
    return attrs
  }

  /// Every definition of the inventory merged: the Nix ones, then `inventory.json`, the
  /// machine folders and the `machines` argument.
  mutating func mergeInventory(collectingProblems: Bool = false) throws(InventoryError) -> (PlainObject, Merger) {
    let ev = evaluator
    let dir = directory ?? defaultDirectory
    var defs = inventoryDefinitions
    for meta in metaDefinitions {
      defs.append(Definition(set([("meta", meta.value, meta.span)]), at: meta.span))
    }
    // inventory.json
    let jsonPath = jsonFile?.0 ?? dir + "/inventory.json"
    if jsonFile != nil || FileSystem.targetKind(jsonPath) == .regular {
      let source: SourceFile
      if let given = jsonFile?.1 {
        source = given
      } else {
        let bytes = try evaluating { () throws(EvalError) in try ev.readFile(jsonPath, at: .unknown) }
        source = ev.sources.add(name: jsonPath, directory: dir, bytes: bytes)
      }
      let start = Span(file: source.id, start: 0, end: 0)
      let value = try evaluating { () throws(EvalError) in
        do throws(EvalError) {
          return try ev.fromJSON(source.bytes, at: start, file: source.id)
        } catch {
          var e = error
          e.message = "\(source.name): \(error.message)"
          throw e
        }
      }
      defs.append(Definition(value, at: start))
    }
    // <directory>/machines/<name>/ folders.
    let machinesFolder = dir + "/machines"
    if FileSystem.targetKind(machinesFolder) == .directory, case .success(let entries) = FileSystem.list(machinesFolder) {
      for (name, kind) in entries.sorted(by: { $0.0 < $1.0 }) {
        let isDirectory = kind == .directory || (kind == .symlink && FileSystem.targetKind(machinesFolder + "/" + name) == .directory)
        if isDirectory { machineNames.append((name, .unknown)) }
      }
    }
    if !machineNames.isEmpty {
      var b = AttrsBuilder()
      for (name, span) in machineNames { b.add(ev.symbols.intern(name), .attrs(.empty), at: span) }
      defs.append(Definition(set([("machines", .attrs(b.build()), machineNames[0].1)]), at: machineNames[0].1))
    }
    let merger = Merger(ev)
    merger.collectsProblems = collectingProblems
    let merged = try merger.merge(defs, .submodule(InventorySchema.inventory), ["inventory"])
    return (merged?.object ?? PlainObject(), merger)
  }

  private func set(_ pairs: [(String, Value, Span)]) -> Value {
    var b = AttrsBuilder()
    for (k, v, s) in pairs { b.add(evaluator.symbols.intern(k), v, at: s) }
    return .attrs(b.build())
  }
}
