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
}
