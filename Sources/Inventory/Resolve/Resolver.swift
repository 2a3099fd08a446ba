import NixEval
import NixLexer
import NixParser

/// Resolves a merged inventory as clan does: effective tags, role members, and per machine the
/// services, instances, role settings, imports and legacy config (docs: clan-inventory.md §2).
public struct Resolver {
  let clan: LoadedClan
  var warnings: [InventoryError] = []
  /// Each machine's effective tags, by machine index (the order of `inventory.machineNames`).
  var machineTags: [[String]] = []
  /// Each tag's machines, as indices in ascending (that is, bytewise name) order.
  var tagMembers: [String: [Int]] = [:]
  /// The index of each machine by name (compared as bytes). Machines are otherwise handled by
  /// index, so that resolving a big fleet hashes few names.
  var machineIndex: [ByteName: Int] = [:]
  /// When set (lint), an unknown module or role is recorded and its instance (or role) left
  /// out, and resolution goes on.
  public var collectsProblems = false
  var problems: [InventoryError] = []
  /// When set, each machine's role settings have their interface's defaults filled in (clan's
  /// `finalSettings`); otherwise they are the user's values only (docs/OUTPUT.md).
  public var fillsDefaults = false
  /// Settings that are required but missing, and roles clan removed.
  var settingErrors: [InventoryError] = []
  /// Instances of each module so far (for `maxInstances`).
  var instanceCounts: [String: Int] = [:]
  /// The settings type of each role read from a JSON schema, by module and role.
  var settingsTypes: [String: OptionType] = [:]

  public init(_ clan: LoadedClan) { self.clan = clan }

  var inventory: Inventory { clan.inventory }
  var merger: Merger { clan.merger }

  /// The resolved clan, or the first error that stops resolution.
  public mutating func resolve() throws(InventoryError) -> ResolvedClan {
    try computeTags()
    let names = inventory.machineNames
    // In name order: a machine's index here is its index in `inventory.machineNames`.
    var machines = names.indices.map { ResolvedMachine(machine: inventory.machines[names[$0]]!, tags: machineTags[$0]) }
    merger.keepsGoing = true
    defer { merger.keepsGoing = false }
    let services = try resolveLegacy(&machines)
    let instances = try resolveInstances(&machines)
    return ResolvedClan(
      meta: inventory.meta,
      machines: machines,
      services: services,
      instances: instances,
      warnings: warnings,
      errors: merger.conflicts + onePerPlace(settingErrors),
      problems: onePerPlace(merger.problems) + problems,
      sources: clan.evaluator.sources)
  }

  /// `errors` with repeats at one place dropped: a setting written once for a role is merged
  /// for each of its machines, and its problem is reported once.
  func onePerPlace(_ errors: [InventoryError]) -> [InventoryError] {
    var seen = Set<String>()
    return errors.filter { e in
      seen.insert("\(e.code.rawValue)\u{0}\(e.span.file.rawValue):\(e.span.start)\u{0}\(e.lintMessage ?? e.message)").inserted
    }
  }

  // MARK: - Tags

  /// `inventory.tags` merged with the built-in `all`, `nixos` and `darwin` (at `mkDefault`),
  /// and each machine's effective tags.
  mutating func computeTags() throws(InventoryError) {
    let names = inventory.machineNames
    machineIndex = Dictionary(names.enumerated().map { (ByteName($1), $0) }, uniquingKeysWith: { first, _ in first })
    var builtin: [String: [String]] = ["all": names, "nixos": [], "darwin": []]
    for name in names {
      builtin[inventory.machines[name]!.machineClass == "darwin" ? "darwin" : "nixos", default: []].append(name)
    }
    var definitions: [String: [Definition]] = [:]
    for def in inventory.tagDefinitions {
      for expanded in try merger.expand(def, ["inventory", "tags"]) {
        var value = expanded.value
        if value.isFunction { value = try callTagsFunction(value, builtin, at: expanded.span) }
        guard case .attrs(let attrs) = value else {
          throw InventoryError(.wrongType, "A definition for option `inventory.tags' is not of type `attribute set of list of string'.", at: expanded.span)
        }
        for (k, (v, p)) in zip(attrs.keys, zip(attrs.values, attrs.positions)) {
          var d = Definition(v, at: p.isKnown ? p : expanded.span)
          d.priority = expanded.priority
          definitions[clan.evaluator.symbols[k], default: []].append(d)
        }
      }
    }
    var tags: [String: [String]] = builtin
    // In name order, so that conflicts are reported in the same order every run.
    for tag in definitions.keys.sorted(by: bytewise) {
      var all = definitions[tag]!
      if let members = builtin[tag] {
        var d = Definition(.list(NixList(members.map { .string($0) })), at: .unknown)
        d.priority = 1000
        all.append(d)
      }
      let merged = try merger.merge(all, .listOf(.string), ["inventory", "tags", tag])
      tags[tag] = (merged?.list ?? []).compactMap(\.string)
    }
    var computed = [[String]](repeating: [], count: names.count)
    for tag in tags.keys.sorted(by: bytewise) {
      for member in tags[tag]! {
        guard let i = machineIndex[ByteName(member)] else { continue }
        if computed[i].last != tag { computed[i].append(tag) }
      }
    }
    machineTags.reserveCapacity(names.count)
    for i in names.indices {
      let effective = withoutRepeats(inventory.machines[names[i]]!.tags + computed[i])
      machineTags.append(effective)
      for t in effective { tagMembers[t, default: []].append(i) }
    }
  }

  /// Calls the function form of `inventory.tags` (`{ config, machines, ... }: { … }`).
  private func callTagsFunction(_ function: Value, _ builtin: [String: [String]], at span: Span) throws(InventoryError) -> Value {
    let ev = clan.evaluator
    let sym = ev.symbols
    func strings(_ list: [String]) -> Value { .list(NixList(list.map { .string($0) })) }
    var machines = AttrsBuilder()
    for name in inventory.machineNames {
      let m = inventory.machines[name]!
      var b = AttrsBuilder()
      b.add(sym.intern("name"), .string(m.name))
      b.add(sym.intern("machineClass"), .string(m.machineClass))
      b.add(sym.intern("tags"), strings(m.tags))
      b.add(sym.intern("description"), m.description.map { .string($0) } ?? .null)
      machines.add(sym.intern(name), .attrs(b.build()))
    }
    var config = AttrsBuilder()
    for tag in builtin.keys.sorted(by: bytewise) { config.add(sym.intern(tag), strings(builtin[tag]!)) }
    var args = AttrsBuilder()
    args.add(sym.intern("machines"), .attrs(machines.build()))
    args.add(sym.intern("config"), .attrs(config.build()))
    args.add(sym.intern("lib"), (try? clan.globals.lib()) ?? .null)
    let argument = Value.attrs(args.build())
    return try evaluating { () throws(EvalError) in try ev.force(try ev.call(function, argument, at: span)) }
  }

  // MARK: - Role members

  /// The machines (indices, ascending) carrying `tag`, with a warning when none does.
  mutating func tagged(_ tag: String, role: String, owner: String, span: Span) -> [Int] {
    if let m = tagMembers[tag], !m.isEmpty { return m }
    let available = uniqueTags()
    var w = InventoryError(
      .unknownTag,
      "\(owner): - \(role) tags: no machine with tag '\(tag)' found.",
      at: span)
    w.subject = tag
    w.lintMessage = "no machine carries the tag '\(tag)', so it adds no member to the role '\(role)'"
    if let guess = closest(to: tag, in: available) {
      w.help = "did you mean '\(guess)'? Available tags: \(available.joined(separator: ", "))"
    } else {
      w.help = "available tags: \(available.joined(separator: ", "))"
    }
    warnings.append(w)
    return []
  }

  private func uniqueTags() -> [String] { tagMembers.keys.sorted(by: bytewise) }

  // MARK: - Legacy services

  mutating func resolveLegacy(_ machines: inout [ResolvedMachine]) throws(InventoryError) -> [(module: String, instances: [ResolvedLegacyInstance])] {
    var result: [(module: String, instances: [ResolvedLegacyInstance])] = []
    let names = inventory.machineNames
    var counted = MachineMarks(count: names.count)
    // Per machine index: the roles it holds in the instance at hand (empty again after it).
    var held = [[String]](repeating: [], count: names.count)
    for (moduleName, instances) in inventory.services {
      guard let module = clan.catalogue.legacy[moduleName] else {
        var e = unknownLegacyModule(moduleName, span: instances.first?.moduleSpan ?? .unknown)
        e.subject = moduleName
        e.lintMessage = "there is no legacy module '\(moduleName)'"
        guard collectsProblems else { throw e }
        problems.append(e)
        continue
      }
      var resolved: [ResolvedLegacyInstance] = []
      // Per machine index: config definitions.
      var configs: [Int: [Definition]] = [:]
      for instance in instances {
        let unknown = instance.roles.filter { !module.roles.contains($0.name) }
        if let bad = unknown.first {
          var e = InventoryError(
            .unknownRole,
            "Roles \(jsonList(unknown.map(\.name))) are not defined in the service \(moduleName).\nInstance: '\(instance.name)'\nPlease use one of available roles: \(jsonList(module.roles))",
            at: bad.span)
          if let guess = closest(to: bad.name, in: module.roles) { e.help = "did you mean '\(guess)'?" }
          e.subject = bad.name
          e.lintMessage = "the legacy module '\(moduleName)' has no role '\(bad.name)' (its roles: \(module.roles.joined(separator: ", ")))"
          guard collectsProblems else { throw e }
          problems.append(e)
        }
        var roles: [ResolvedRole] = []
        // The machines holding a role, in index order once sorted.
        var holders: [Int] = []
        for roleName in module.roles {
          // Names as written first (unknown ones too), then tagged machines, without repeats.
          var members: [String] = []
          var unknown = Set<String>()
          counted.reset()
          func hold(_ i: Int) {
            if held[i].isEmpty { holders.append(i) }
            held[i].append(roleName)
          }
          if let role = instance.roles.first(where: { $0.name == roleName }) {
            for m in role.machines {
              if let i = machineIndex[ByteName(m)] {
                if counted.insert(i) {
                  members.append(m)
                  hold(i)
                }
              } else if unknown.insert(m).inserted {
                members.append(m)
              }
            }
            for tag in role.tags {
              for i in tagged(tag, role: roleName, owner: "inventory.services.\(moduleName).\(instance.name)", span: role.tagsSpan)
              where counted.insert(i) {
                members.append(names[i])
                hold(i)
              }
            }
          }
          roles.append(ResolvedRole(name: roleName, members: members))
        }
        resolved.append(ResolvedLegacyInstance(module: moduleName, name: instance.name, enabled: instance.enabled, roles: roles))
        holders.sort()
        defer { for i in holders { held[i] = [] } }
        guard instance.enabled else { continue }
        let instanceNode = merger.deferredDefinitions.node(at: ["inventory", "services", moduleName, instance.name])
        for index in holders {
          let machineName = names[index]
          let rolesHeld = held[index].sorted(by: bytewise)
          var imports = rolesHeld.map(module.roleFile)
          var extra = instance.extraModules + (instance.machineExtraModules[machineName] ?? [])
          for r in rolesHeld { extra += instance.roles.first { $0.name == r }?.extraModules ?? [] }
          imports += extra.map(modulePath)
          for i in imports where !machines[index].imports.contains(i) { machines[index].imports.append(i) }
          if machines[index].services.last?.module == moduleName {
            machines[index].services[machines[index].services.count - 1].instances.append((instance.name, rolesHeld))
          } else {
            machines[index].services.append((moduleName, [(instance.name, rolesHeld)]))
          }
          var defs = instanceNode?.definitions(at: "config") ?? []
          defs += instanceNode?.definitions(at: "machines", machineName, "config") ?? []
          for r in rolesHeld { defs += instanceNode?.definitions(at: "roles", r, "config") ?? [] }
          configs[index, default: []] += defs
        }
      }
      // In name order, so that conflicts are reported in the same order every run.
      for index in configs.keys.sorted() {
        let merged = try merger.merge(
          configs[index]!, .anything(listsConcatenate: false), ["machines", names[index], "config", "clan", moduleName])
        machines[index].config.set(moduleName, merged ?? .object(PlainObject()), at: .unknown)
      }
      result.append((moduleName, resolved))
    }
    return result
  }

  private func unknownLegacyModule(_ name: String, span: Span) -> InventoryError {
    if clan.catalogue.withoutRoles.contains(name) {
      return InventoryError(
        .unknownModule,
        "(Legacy) ClanModule must have a 'roles' directory: '\(name)' has none, so it cannot be used in inventory.services.",
        at: span, help: "use the clan.service module through inventory.instances, if there is one")
    }
    var e = InventoryError(
      .unknownModule, "(Legacy) ClanModule not found: '\(name)'.\n\nMake sure the module is added to inventory.modules.\(name)", at: span)
    if let guess = closest(to: name, in: Array(clan.catalogue.legacy.keys)) { e.help = "did you mean '\(guess)'?" }
    return e
  }

  /// An `extraModules` entry as written in `imports`: a string relative to the clan folder.
  private func modulePath(_ module: Plain) -> String {
    switch module {
    case .string(let s): s.hasPrefix("/") || s.hasPrefix("<") ? s : clan.directory + "/" + s
    default: "«inline module»"
    }
  }

  // MARK: - clan.service instances

  mutating func resolveInstances(_ machines: inout [ResolvedMachine]) throws(InventoryError) -> [ResolvedInstance] {
    var result: [ResolvedInstance] = []
    let names = inventory.machineNames
    var counted = MachineMarks(count: names.count)
    for instance in inventory.instances {
      let module: ServiceModule
      do throws(InventoryError) {
        module = try serviceModule(instance)
      } catch where collectsProblems {
        var e = error
        e.subject = e.subject ?? instance.moduleName
        if e.code == .unknownModule {
          e.lintMessage = "instance '\(instance.name)' uses the module '\(instance.moduleName)', which \(instance.moduleInput.map { "flake input '\($0)'" } ?? "clan-core") does not provide"
        }
        problems.append(e)
        continue
      }
      let defined = module.roleNames
      let unknown = instance.roles.filter { !defined.contains($0.name) }
      if let bad = unknown.first {
        var e = InventoryError(
          .unknownRole,
          "Instance: 'instances.\(instance.name)' uses the following roles:\n\(jsonList(unknown.map(\.name)))\n\nBut the clan-service module '\(module.manifestName)' only defines roles:\n\(jsonList(defined))",
          at: bad.span)
        if let guess = closest(to: bad.name, in: defined) { e.help = "did you mean '\(guess)'?" }
        e.subject = bad.name
        e.lintMessage = "the module '\(module.manifestName)' has no role '\(bad.name)' (its roles: \(defined.joined(separator: ", ")))"
        guard collectsProblems else { throw e }
        problems.append(e)
      }
      var roles: [ResolvedRole] = []
      for role in instance.roles where defined.contains(role.name) {
        // The members: known machines by index, unknown names kept as they are.
        counted.reset()
        var known: [Int] = []
        var unknown = Set<String>()
        for m in role.machines {
          if let i = machineIndex[ByteName(m)] {
            if counted.insert(i) { known.append(i) }
          } else {
            unknown.insert(m)
          }
        }
        for tag in role.tags {
          for i in tagged(tag, role: role.name, owner: "Service instance '\(instance.name)'", span: role.tagSpans[tag] ?? role.span)
          where counted.insert(i) {
            known.append(i)
          }
        }
        known.sort()
        var members = known.map { names[$0] }
        if !unknown.isEmpty { members = (members + unknown).sorted(by: bytewise) }
        roles.append(ResolvedRole(name: role.name, members: members))
        let base = ["inventory", "instances", instance.name, "roles", role.name]
        let roleNode = merger.deferredDefinitions.node(at: base)
        let roleSettings = roleNode?.definitions(at: "settings") ?? []
        let machineNodes = roleNode?.node(at: ["machines"])
        let described = module.role(role.name)
        let interface = settingsType(described, module: module)
        if let removal = described?.removal, !known.isEmpty {
          var e = InventoryError(
            .removedRole,
            "The '\(role.name)' role of '\(module.manifestName)' was removed: \(removal)", at: role.span)
          e.subject = role.name
          e.lintMessage = "the '\(role.name)' role of '\(module.manifestName)' was removed"
          e.help = removal
          settingErrors.append(e)
        }
        // Lint checks every settings definition against the interface, also those no member
        // receives (a role without machines, a tag nobody carries, a machine not in the clan):
        // each level's definitions are merged on their own once.
        if collectsProblems, case .submodule = interface {
          var groups: [[Definition]] = [roleSettings]
          for (_, node) in (roleNode?.node(at: ["tags"])?.children ?? [:]).sorted(by: { bytewise($0.key, $1.key) }) {
            groups.append(node.definitions(at: "settings"))
          }
          for (_, node) in (machineNodes?.children ?? [:]).sorted(by: { bytewise($0.key, $1.key) }) {
            groups.append(node.definitions(at: "settings"))
          }
          for defs in groups where !defs.isEmpty {
            let problemsBefore = merger.problems.count
            _ = try merger.merge(defs, interface, base + ["settings"])
            merger.renameProblems(from: problemsBefore) { e in
              guard e.code == .unknownSetting, let name = e.subject else { return }
              e.lintMessage = "`\(name)' is not a setting of the '\(role.name)' role of '\(module.manifestName)'"
            }
          }
        }
        // Members lacking a required setting, one group per place and setting (a tag's
        // machines are one finding at the tag).
        var missingGroups: [(span: Span, path: [String], machines: [String], subject: String?)] = []
        var missingGroup: [String: Int] = [:]
        defer {
          for g in missingGroups { settingErrors.append(missingSetting(g.path, g.machines, subject: g.subject, role.name, instance.name, module, at: g.span)) }
        }
        for index in known {
          let m = names[index]
          var defs: [Definition] = []
          let carried = machineTags[index]
          for tag in role.tags where carried.contains(tag) {
            defs += roleNode?.definitions(at: "tags", tag, "settings") ?? []
          }
          defs += machineNodes?.definitions(at: m, "settings") ?? []
          defs += roleSettings
          let path = base + ["machines", m, "settings"]
          let problemsBefore = merger.problems.count
          var settings = try merger.merge(defs, interface, path) ?? .object(PlainObject())
          let hadProblems = merger.problems.count > problemsBefore
          if hadProblems {
            merger.renameProblems(from: problemsBefore) { e in
              guard e.code == .unknownSetting, let name = e.subject else { return }
              e.lintMessage = "`\(name)' is not a setting of the '\(role.name)' role of '\(module.manifestName)'"
            }
          }
          if case .submodule = interface {
            var defaults = Defaults()
            let filled = defaults.fill(settings, interface, []) ?? settings
            if fillsDefaults { settings = filled }
            // A value dropped for its problem is not missing as well.
            for missing in defaults.missing where !hadProblems {
              let tag = role.tags.first(where: carried.contains)
              let span = role.machineSpans[m] ?? tag.flatMap { role.tagSpans[$0] } ?? role.span
              let key = "\(span.file.rawValue):\(span.start)\u{0}\(missing.joined(separator: "\u{0}"))"
              if let g = missingGroup[key] {
                missingGroups[g].machines.append(m)
              } else {
                missingGroup[key] = missingGroups.count
                missingGroups.append((span, missing, [m], role.machineSpans[m] != nil ? m : tag))
              }
            }
          }
          if machines[index].instances.last?.name == instance.name {
            machines[index].instances[machines[index].instances.count - 1].roles.append((role.name, settings))
          } else {
            machines[index].instances.append((instance.name, instance.moduleName, instance.moduleInput, [(role.name, settings)]))
          }
        }
      }
      if !collectsProblems { settingErrors += constraintErrors(instance, module, roles) }
      result.append(ResolvedInstance(
        name: instance.name, moduleName: instance.moduleName, moduleInput: instance.moduleInput, roles: roles,
        manifestName: module.manifestName, maxInstances: module.maxInstances, roleConstraints: module.roleConstraints))
    }
    return result
  }

  /// A required setting `path` that `machines` of a role lack, in clan's words (for the first
  /// machine) and in lint's.
  private func missingSetting(
    _ path: [String], _ machines: [String], subject: String?, _ role: String, _ instance: String, _ module: ServiceModule, at span: Span
  ) -> InventoryError {
    let first = machines[0]
    let full = ["inventory", "instances", instance, "roles", role, "machines", first, "settings"] + path
    let more = machines.count > 1 ? " (and for \(machines.count - 1) more machine(s): \(listed(Array(machines.dropFirst()))))" : ""
    var e = InventoryError(
      .missingSetting,
      "The option `\(dotted(full))' was accessed but has no value defined. Try setting the option.\(more)", at: span)
    e.lintMessage = machines.count == 1
      ? "machine '\(first)' in the '\(role)' role of '\(module.manifestName)' has no value for the required setting `\(dotted(path))'"
      : "\(machines.count) machines in the '\(role)' role of '\(module.manifestName)' have no value for the required setting `\(dotted(path))': \(listed(machines))"
    e.help = machines.count == 1
      ? "set `\(dotted(path))' in `roles.\(role).settings' or in `roles.\(role).machines.\(first).settings'"
      : "set `\(dotted(path))' in `roles.\(role).settings' (or per machine, or per tag)"
    e.subject = subject
    return e
  }

  /// Up to five names, then how many more.
  private func listed(_ names: [String]) -> String {
    names.count <= 5 ? names.joined(separator: ", ") : names.prefix(5).joined(separator: ", ") + ", … (\(names.count - 5) more)"
  }

  /// The manifest's role constraints an instance breaks, worded as clan's inventory checks
  /// word them (`lint` reports them itself, at the role).
  private mutating func constraintErrors(_ instance: ServiceInstance, _ module: ServiceModule, _ roles: [ResolvedRole]) -> [InventoryError] {
    var out: [InventoryError] = []
    let key = "\(instance.moduleInput ?? "<clan-core>")\u{0}\(instance.moduleName)"
    instanceCounts[key, default: 0] += 1
    if let max = module.maxInstances, instanceCounts[key]! == max + 1 {
      out.append(InventoryError(
        .maxInstances,
        "Inventory checks failed:\n  [\(module.manifestName)-maxInstances] Service '\(module.manifestName)' allows at most \(max) instance(s) but \(max + 1) are defined.",
        at: instance.span))
    }
    for (roleName, limit) in module.roleConstraints.sorted(by: { $0.key < $1.key }) {
      let count = roles.first { $0.name == roleName }?.members.count ?? 0
      let span = instance.roles.first { $0.name == roleName }?.span ?? instance.span
      let id = "\(module.manifestName)-\(instance.name)-\(roleName)"
      if count < limit.min {
        out.append(InventoryError(
          .roleConstraint,
          "Inventory checks failed:\n  [\(id)-minMachines] Role '\(roleName)' of service '\(module.manifestName)' instance '\(instance.name)' requires at least \(limit.min) machine(s) but \(count) are assigned.",
          at: span))
      } else if let max = limit.max, count > max {
        out.append(InventoryError(
          .roleConstraint,
          "Inventory checks failed:\n  [\(id)-maxMachines] Role '\(roleName)' of service '\(module.manifestName)' instance '\(instance.name)' allows at most \(max) machine(s) but \(count) are assigned.",
          at: span))
      }
    }
    return out
  }

  /// The type a role's settings are merged as: its interface's options, or `anything` when
  /// the interface is not known. A JSON schema is read once per role.
  private mutating func settingsType(_ role: ServiceRole?, module: ServiceModule) -> OptionType {
    switch role?.settings {
    case .options(let m)?: return .submodule(m)
    case .jsonSchema(let text)?:
      let key = "\(module.manifestName)\u{0}\(role!.name)"
      if let cached = settingsTypes[key] { return cached }
      let type = SettingsSchema.submodule(fromJSONSchema: text).map { OptionType.submodule($0) } ?? .anything(listsConcatenate: true)
      settingsTypes[key] = type
      return type
    default: return .anything(listsConcatenate: true)
    }
  }

  /// The clan.service module an instance names, or the error clan gives.
  private func serviceModule(_ instance: ServiceInstance) throws(InventoryError) -> ServiceModule {
    let name = instance.moduleName
    switch instance.moduleInput {
    case nil:
      if let m = clan.catalogue.services[name] { return m }
      var e = InventoryError(.unknownModule, "clan-core doesn't provide clan-module with name '\(name)'.", at: instance.moduleSpan)
      if let guess = closest(to: name, in: Array(clan.catalogue.services.keys)) {
        e.help = "did you mean '\(guess)'?"
      } else {
        e.help = "set `module.input = \"self\"` if the module is defined in your own flake"
      }
      throw e
    case let input?:
      if let m = clan.catalogue.service(input: input, name: name) { return m }
      let ev = clan.evaluator
      let modules: Value?
      if input == "self" {
        modules = clan.localServices
      } else {
        modules = try inputModules(input, instance)
      }
      guard let modules,
        case .attrs(let set) = try evaluating({ () throws(EvalError) in try ev.force(modules) }),
        let value = set[ev.symbols.intern(name)]
      else {
        var e = InventoryError(.unknownModule, "flake input '\(input)' doesn't provide clan-module with name '\(name)'.", at: instance.moduleSpan)
        if let modules, case .attrs(let set) = try evaluating({ () throws(EvalError) in try ev.force(modules) }),
          let guess = closest(to: name, in: set.keys.map { ev.symbols[$0] })
        {
          e.help = "did you mean '\(guess)'?"
        }
        throw e
      }
      return try ServiceModuleReader.read(value, name: name, ev, lib: (try? clan.globals.lib()) ?? .null, at: instance.moduleSpan)
    }
  }

  /// `inputs.<input>.clan.modules` of the flake.
  private func inputModules(_ input: String, _ instance: ServiceInstance) throws(InventoryError) -> Value? {
    let ev = clan.evaluator
    guard let flakeSelf = clan.flakeSelf,
      case .attrs(let outputs) = try evaluating({ () throws(EvalError) in try ev.force(flakeSelf) }),
      let inputsValue = outputs[ev.symbols.intern("inputs")],
      case .attrs(let inputs) = try evaluating({ () throws(EvalError) in try ev.force(inputsValue) })
    else {
      throw InventoryError(.unknownModule, "Flake doesn't provide input with name '\(input)' (this clan is not a flake)", at: instance.moduleSpan)
    }
    guard let inputValue = inputs[ev.symbols.intern(input)] else {
      let names = inputs.keys.map { ev.symbols[$0] }.sorted(by: bytewise)
      throw InventoryError(
        .unknownModule,
        "Flake doesn't provide input with name '\(input)'\n\nChoose one of the following inputs:\n" + names.map { "- \($0)" }.joined(separator: "\n"),
        at: instance.moduleSpan)
    }
    let forced = try evaluating { () throws(EvalError) in try ev.force(inputValue) }
    guard case .attrs(let flake) = forced, let clanValue = flake[ev.symbols.intern("clan")],
      case .attrs(let clanSet) = try evaluating({ () throws(EvalError) in try ev.force(clanValue) }),
      let modules = clanSet[ev.symbols.intern("modules")]
    else {
      throw InventoryError(.unknownModule, "flake input '\(input)' doesn't export any clan services via the `clan.modules` output attribute", at: instance.moduleSpan)
    }
    return modules
  }
}

/// Reads just enough of a clan.service module (`manifest.name`, the role names) to resolve it.
enum ServiceModuleReader {
  static func read(_ module: Value, name: String, _ ev: Evaluator, lib: Value, at span: Span) throws(InventoryError) -> ServiceModule {
    var value = try evaluating { () throws(EvalError) in try ev.force(module) }
    if case .path(let p) = value {
      value = try evaluating { () throws(EvalError) in try ev.force(try ev.importFile(p.string, at: span)) }
    }
    if value.isFunction {
      var args = AttrsBuilder()
      args.add(ev.symbols.intern("lib"), lib)
      value = try evaluating { () throws(EvalError) in try ev.force(try ev.call(value, .attrs(args.build()), at: span)) }
    }
    guard case .attrs(let attrs) = value else {
      throw InventoryError(.wrongType, "the clan.service module '\(name)' is \(value.typeDescription), not a module", at: span)
    }
    var roles: [ServiceRole] = []
    if let r = attrs[ev.symbols.intern("roles")], case .attrs(let set) = try evaluating({ () throws(EvalError) in try ev.force(r) }) {
      for (key, roleValue) in zip(set.keys, set.values) {
        let roleName = ev.symbols[key]
        var role = ServiceRole(name: roleName, description: nil)
        // The role's settings options, from its `interface` module.
        if case .attrs(let roleAttrs)? = try? ev.force(roleValue) {
          if let d = roleAttrs[ev.symbols.intern("description")], case .string(let text)? = try? ev.force(d) {
            role = ServiceRole(name: roleName, description: text.text)
          }
          if let interface = roleAttrs[ev.symbols.intern("interface")] {
            let position = roleAttrs.position(of: ev.symbols.intern("interface")).flatMap { $0.isKnown ? $0 : nil } ?? span
            role.settings = try InterfaceReader.settings(of: interface, module: name, role: roleName, ev, lib: lib, at: position)
          }
        }
        roles.append(role)
      }
    }
    if roles.isEmpty {
      throw InventoryError(
        .unknownRole,
        "Role behavior of service '\(name)' must be defined.\nA 'clan.service' module should always define its behavior via 'roles'",
        at: span)
    }
    var module = ServiceModule(name: name, description: "", roles: roles)
    // manifest.constraints, when the module declares them.
    func set(_ a: Attrs?, _ key: String) -> Attrs? {
      guard let a, let v = a[ev.symbols.intern(key)], case .attrs(let s)? = try? ev.force(v) else { return nil }
      return s
    }
    func int(_ a: Attrs?, _ key: String) -> Int? {
      guard let a, let v = a[ev.symbols.intern(key)], case .int(let i)? = try? ev.force(v) else { return nil }
      return Int(i)
    }
    let constraints = set(set(attrs, "manifest"), "constraints")
    module.maxInstances = int(constraints, "maxInstances")
    if let roleLimits = set(constraints, "roles") {
      for (k, v) in zip(roleLimits.keys, roleLimits.values) {
        guard case .attrs(let limits)? = try? ev.force(v) else { continue }
        module.roleConstraints[ev.symbols[k]] = RoleConstraint(min: int(limits, "minMachines") ?? 0, max: int(limits, "maxMachines"))
      }
    }
    return module
  }
}

/// Which machines (by index) were counted since the last ``reset()``: a stamp per machine, so
/// that starting afresh costs nothing however many machines there are.
struct MachineMarks {
  private var stamps: [UInt32]
  private var current: UInt32 = 1

  init(count: Int) { stamps = [UInt32](repeating: 0, count: count) }

  /// Forgets every machine counted.
  mutating func reset() {
    current &+= 1
    if current == 0 {
      stamps = [UInt32](repeating: 0, count: stamps.count)
      current = 1
    }
  }

  /// Counts machine `i`; false when it was counted already.
  mutating func insert(_ i: Int) -> Bool {
    if stamps[i] == current { return false }
    stamps[i] = current
    return true
  }
}

/// A name that compares and hashes as its UTF-8 bytes, as Nix and clan compare names (Swift's
/// `String` treats canonically equivalent spellings, `é` and `e\u{301}`, as equal).
struct ByteName: Hashable {
  let text: String

  init(_ text: String) { self.text = text }

  static func == (a: ByteName, b: ByteName) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

  func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}

/// `list` without repeats, first occurrences kept (short lists are searched, long ones hashed).
func withoutRepeats(_ list: [String]) -> [String] {
  var result: [String] = []
  result.reserveCapacity(list.count)
  if list.count <= 16 {
    for item in list where !result.contains(item) { result.append(item) }
  } else {
    var seen = Set<String>()
    for item in list where seen.insert(item).inserted { result.append(item) }
  }
  return result
}

/// Bytewise string order (clan sorts names as Nix does).
func bytewise(_ a: String, _ b: String) -> Bool {
  var a = a
  var b = b
  return a.withUTF8 { x in
    b.withUTF8 { y in
      let n = min(x.count, y.count)
      var i = 0
      while i < n {
        if x[i] != y[i] { return x[i] < y[i] }
        i += 1
      }
      return x.count < y.count
    }
  }
}

/// `["a","b"]`, as clan's messages print lists (`builtins.toJSON`).
func jsonList(_ names: [String]) -> String {
  "[" + names.map { "\"\($0)\"" }.joined(separator: ",") + "]"
}
