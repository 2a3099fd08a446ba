import NixEval
import NixLexer
import NixParser

/// clan.service instances: role members, each machine's settings against its role's
/// interface, and the manifest's constraints.
extension Resolver {
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
