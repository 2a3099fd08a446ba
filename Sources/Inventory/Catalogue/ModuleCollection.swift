import NixEval
import NixLexer
import NixParser

/// Collecting declarations: a module loaded (imported, called), its `imports` followed, its
/// `options` walked into the tree and its freeform type noted, with nixpkgs' checks of a
/// module's shape.
extension ModuleOptionsReader {
  /// The attributes a module with `options` or `config` may have besides them (nixpkgs'
  /// `unifyModuleSyntax`).
  static let moduleAttributes: Set<String> = [
    "_class", "_file", "key", "disabledModules", "imports", "options", "config", "meta", "freeformType",
  ]

  /// Adds the declarations of `module` (and of what it imports) to `walk`.
  func collect(_ module: Value, _ walk: ModuleWalk, depth: Int, at span: Span) throws(InventoryError) {
    guard depth < 100 else { throw InventoryError(.evalError, "modules import each other too deeply (100 levels)", at: span) }
    var value = try eval { () throws(EvalError) in try ev.force(module) }
    var file: String? = nil
    if case .path(let p) = value {
      file = p.string
    } else if case .string(let text) = value, text.bytes.first == 0x2F {
      file = text.text
    }
    if let file {
      guard walk.imported.insert(file).inserted else { return }
      value = try eval { () throws(EvalError) in try ev.force(try ev.importFile(file, at: span)) }
    }
    if isCallable(value) {
      walk.calledFunction = true
      let function = value
      let arguments = moduleArguments(for: function, walk)
      value = try eval { () throws(EvalError) in try ev.force(try ev.call(function, arguments, at: span)) }
    }
    guard case .attrs(let attrs) = value else {
      throw InventoryError(
        .wrongType, "module \(file ?? "<interface>") does not look like a module: it is \(value.typeDescription), not a set or a function",
        at: span)
    }
    let explicit = attrs[s.options] != nil || attrs[s.config] != nil
    if explicit {
      let unsupported = attrs.keys.map { ev.symbols[$0] }.filter { !Self.moduleAttributes.contains($0) }.sorted(by: bytewise)
      if let first = unsupported.first {
        throw InventoryError(
          .wrongType,
          "Module `\(file ?? "<interface>")' has an unsupported attribute `\(first)'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: \(unsupported.joined(separator: " "))) into the explicit `config' attribute.",
          at: attrs.position(of: ev.symbols.intern(first)).flatMap { $0.isKnown ? $0 : nil } ?? span)
      }
    }
    if let imports = attrs[s.imports] {
      let at = known(attrs.position(of: s.imports)) ?? span
      let list = try eval { () throws(EvalError) in try ev.forceList(imports, at: at, "while evaluating a module's imports") }
      for item in list.items { try collect(item, walk, depth: depth + 1, at: at) }
    }
    if explicit, let options = attrs[s.options] {
      let at = known(attrs.position(of: s.options)) ?? span
      let set = try eval { () throws(EvalError) in try ev.forceAttrs(options, at: at, "while evaluating a module's options") }
      try walkOptions(set, .attrs(set), [], into: walk.tree, at: at)
    }
    if let freeform = attrs[s.freeformType] {
      walk.tree.freeforms.append((freeform, known(attrs.position(of: s.freeformType)) ?? span))
    } else if let freeform = configFreeform(explicit ? attrs[s.config] : value) {
      walk.tree.freeforms.append((freeform, known(attrs.position(of: explicit ? s.config : s.module)) ?? span))
    }
  }

  /// `config._module.freeformType` of a module's config (looked for in `mkMerge`s too); a
  /// config that fails to evaluate declares none.
  func configFreeform(_ config: Value?) -> Value? {
    guard let config, case .attrs(let set)? = try? ev.force(config) else { return nil }
    if let tag = set[s.typeTag], case .string(let kind)? = try? ev.force(tag), kind.text == "merge" {
      guard let contents = set[s.contents], case .list(let list)? = try? ev.force(contents) else { return nil }
      for item in list.items { if let found = configFreeform(item) { return found } }
      return nil
    }
    guard let module = set[s.module], case .attrs(let moduleSet)? = try? ev.force(module) else { return nil }
    return moduleSet[s.freeformType]
  }

  /// Adds the options of one `options` set (at `path` under the module's root) to `tree`.
  func walkOptions(_ set: Attrs, _ setValue: Value, _ path: [String], into tree: OptionTree, at span: Span) throws(InventoryError) {
    guard path.count < 100 else {
      throw InventoryError(.wrongType, "`options.\(dotted(path.prefix(10)))…' nests sets of options too deeply (100 levels)", at: span)
    }
    tree.sources.append(setValue)
    let keys = set.keys
    let values = set.values
    let positions = set.positions
    for i in keys.indices {
      let name = ev.symbols[keys[i]]
      let here = path + [name]
      let at = known(positions[i]) ?? span
      let value = try eval { () throws(EvalError) in try ev.force(values[i]) }
      guard case .attrs(let attrs) = value else {
        throw InventoryError(
          .wrongType,
          "`options.\(dotted(here))' is \(value.typeDescription), not an option (lib.mkOption { … }) or a set of options",
          at: at)
      }
      switch try tag(of: attrs) {
      case "option"?:
        tree.declarations[name, default: []].append(OptionDeclaration(attrs: attrs, span: at))
      case "option-type"?:
        throw InventoryError(
          .wrongType, "`options.\(dotted(here))' is an option type, not an option: declare it with lib.mkOption { type = …; }", at: at)
      case let other?:
        throw InventoryError(.wrongType, "`options.\(dotted(here))' is a value of _type \"\(other)\", not an option (lib.mkOption { … })", at: at)
      case nil:
        try walkOptions(attrs, value, here, into: tree.namespace(name, at: at), at: at)
      }
    }
  }

  /// The arguments a module function is called with: `lib`, the specialArgs (and `specialArgs`
  /// itself), `name` in a submodule; `config`, `options` and any other name it asks for throw
  /// when used.
  func moduleArguments(for function: Value, _ walk: ModuleWalk) -> Value {
    var arguments: [Symbol: Value] = [:]
    if case .lambda(let closure) = function, let formals = closure.lambda.formals {
      for formal in formals.entries {
        arguments[formal.name] = unavailable("the module argument `\(ev.symbols[formal.name])' is not available")
      }
    }
    arguments[s.config] = unavailable("`config' is not available")
    arguments[s.options] = unavailable("`options' is not available")
    arguments[s.lib] = lib
    arguments[s.specialArgs] = .attrs(walk.specialArgs ?? .empty)
    if let special = walk.specialArgs {
      for (k, v) in zip(special.keys, special.values) { arguments[k] = v }
    }
    if let name = walk.name { arguments[s.name] = name }
    var b = AttrsBuilder(capacity: arguments.count)
    for (k, v) in arguments { b.add(k, v) }
    return .attrs(b.build())
  }

  /// A value that throws `what` (explained) when used.
  func unavailable(_ what: String) -> Value {
    let at = span
    let message = "\(what): nixinv reads the interface's option declarations without evaluating the settings"
    return .thunk(Thunk { () throws(EvalError) in throw EvalError(.thrown, message, at: at) })
  }

  /// Whether a module value is a function (a lambda, a builtin or a set with `__functor`).
  func isCallable(_ value: Value) -> Bool {
    if value.isFunction { return true }
    if case .attrs(let a) = value { return a[s.functorAttr] != nil }
    return false
  }

  /// A set's `_type`, if it has one that is a string.
  func tag(of attrs: Attrs) throws(InventoryError) -> String? {
    guard let t = attrs[s.typeTag] else { return nil }
    guard case .string(let text) = try eval({ () throws(EvalError) in try ev.force(t) }) else { return nil }
    return text.text
  }

  /// `{ options = set; }`: a namespace's options as a module of a submodule option.
  func optionsModule(_ set: Value) -> Value {
    var b = AttrsBuilder(capacity: 1)
    b.add(s.options, set)
    return .attrs(b.build())
  }

  func known(_ span: Span?) -> Span? { span.flatMap { $0.isKnown ? $0 : nil } }
}
