/// The Nix source of the types of nixinv's `lib.types` that are made of other types or of
/// modules (`listOf`, `attrsWith`, `nullOr`, `either`, `coercedTo`, `enum`, `submoduleWith`,
/// `deferredModuleWith` …): attributes of the set ``NixLibTypesSource`` builds, in its scope.
enum NixLibComposedTypesSource {
  static let text = #"""
    # Composite types.
    listOf = elemType: mkOptionType rec {
      name = "listOf";
      description = "list of ${optionDescriptionPhrase (nounOr "composite") elemType}";
      descriptionClass = "composite";
      check = b.isList;
      merge = loc: defs:
        b.concatLists (lib.imap1 (n: d: lib.imap1 (m: v:
          elemType.merge (loc ++ [ "[definition ${b.toString n}-entry ${b.toString m}]" ]) [ { inherit (d) file; value = v; } ]
        ) d.value) defs);
      emptyValue = { value = [ ]; };
      getSubModules = elemType.getSubModules;
      substSubModules = m: listOf (elemType.substSubModules m);
      functor = elemFunctor name { inherit elemType; } // { type = payload: listOf payload.elemType; };
      nestedTypes.elemType = elemType;
    };
    nonEmptyListOf = elemType:
      let list = addCheck (listOf elemType) (l: l != [ ]); in
      list // {
        description = "non-empty ${optionDescriptionPhrase isNoun list}";
        emptyValue = { };
        substSubModules = m: nonEmptyListOf (elemType.substSubModules m);
      };
    attrsWith = { elemType, lazy ? false, placeholder ? "name" }: mkOptionType {
      name = if lazy then "lazyAttrsOf" else "attrsOf";
      description = (if lazy then "lazy attribute set" else "attribute set")
        + " of ${optionDescriptionPhrase (nounOr "composite") elemType}";
      descriptionClass = "composite";
      check = b.isAttrs;
      merge = loc: defs:
        b.zipAttrsWith (n: elemType.merge (loc ++ [ n ]))
          (b.map (d: b.mapAttrs (_: v: { inherit (d) file; value = v; }) d.value) defs);
      emptyValue = { value = { }; };
      getSubModules = elemType.getSubModules;
      substSubModules = m: attrsWith { elemType = elemType.substSubModules m; inherit lazy placeholder; };
      functor = elemFunctor "attrsWith" { inherit elemType lazy placeholder; } // {
        binOp = l: r:
          let
            elemType = l.elemType.typeMerge r.elemType.functor;
            lazy = if l.lazy == r.lazy then l.lazy else null;
            placeholder =
              if l.placeholder == r.placeholder then l.placeholder
              else if l.placeholder == "name" then r.placeholder
              else if r.placeholder == "name" then l.placeholder
              else null;
          in
          if elemType == null || lazy == null || placeholder == null then null
          else { inherit elemType lazy placeholder; };
      };
      nestedTypes.elemType = elemType;
    };
    attrsOf = elemType: attrsWith { inherit elemType; };
    lazyAttrsOf = elemType: attrsWith { inherit elemType; lazy = true; };
    loaOf = elemType: attrsOf elemType // { name = "loaOf"; nestedTypes.elemType = elemType; };
    uniq = unique { message = ""; };
    unique = { message }: type: mkOptionType rec {
      name = "unique";
      inherit (type) description descriptionClass check emptyValue getSubModules;
      merge = lib.mergeUniqueOption { inherit message; inherit (type) merge; };
      substSubModules = m: uniq (type.substSubModules m);
      functor = elemFunctor name { elemType = type; } // { type = payload: unique { inherit message; } payload.elemType; };
      nestedTypes.elemType = type;
    };
    nullOr = elemType: mkOptionType rec {
      name = "nullOr";
      description = "null or ${optionDescriptionPhrase (nounOr "conjunction") elemType}";
      descriptionClass = "conjunction";
      check = x: x == null || elemType.check x;
      merge = loc: defs:
        let nulls = b.filter (d: d.value == null) defs; in
        if nulls == [ ] then elemType.merge loc defs
        else if b.length nulls == b.length defs then null
        else b.throw "The option `${lib.showOption loc}` is defined both null and not null, in ${lib.showFiles (lib.getFiles defs)}.";
      emptyValue = { value = null; };
      getSubModules = elemType.getSubModules;
      substSubModules = m: nullOr (elemType.substSubModules m);
      functor = elemFunctor name { inherit elemType; } // { type = payload: nullOr payload.elemType; };
      nestedTypes.elemType = elemType;
    };
    functionTo = elemType: mkOptionType {
      name = "functionTo";
      description = "function that evaluates to a(n) ${optionDescriptionPhrase (nounOr "composite") elemType}";
      descriptionClass = "composite";
      check = b.isFunction;
      merge = loc: defs: x:
        elemType.merge (loc ++ [ "<function body>" ]) (b.map (d: d // { value = d.value x; }) defs);
      getSubModules = elemType.getSubModules;
      substSubModules = m: functionTo (elemType.substSubModules m);
      functor = elemFunctor "functionTo" { inherit elemType; } // { type = payload: functionTo payload.elemType; };
      nestedTypes.elemType = elemType;
    };
    either = t1: t2: mkOptionType rec {
      name = "either";
      description =
        if t1.descriptionClass or null == "nonRestrictiveClause"
        then "${t1.description}, or ${optionDescriptionPhrase (nounOr "conjunction") t2}"
        else "${optionDescriptionPhrase (nounOr "conjunction") t1} or ${
          optionDescriptionPhrase (c: c == "noun" || c == "conjunction" || c == "composite") t2}";
      descriptionClass = "conjunction";
      check = x: t1.check x || t2.check x;
      merge = loc: defs:
        let vs = lib.getValues defs; in
        if b.all t1.check vs then t1.merge loc defs
        else if b.all t2.check vs then t2.merge loc defs
        else lib.mergeOneOption loc defs;
      typeMerge = f':
        let
          m1 = t1.typeMerge (b.head f'.payload.elemType).functor;
          m2 = t2.typeMerge (b.elemAt f'.payload.elemType 1).functor;
        in
        if name == f'.name && m1 != null && m2 != null then functor.type m1 m2 else null;
      functor = elemFunctor name { elemType = [ t1 t2 ]; };
      nestedTypes.left = t1;
      nestedTypes.right = t2;
    };
    oneOf = ts:
      if ts == [ ] then b.throw "types.oneOf needs to get at least one type in its argument"
      else b.foldl' either (b.head ts) (b.tail ts);
    coercedTo = coercedType: coerceFunc: finalType:
      assert lib.assertMsg (coercedType.getSubModules == null)
        "coercedTo: coercedType must not have submodules (it’s a ${coercedType.description})";
      mkOptionType {
        name = "coercedTo";
        description = "${optionDescriptionPhrase isNoun finalType} or ${optionDescriptionPhrase isNoun coercedType} convertible to it";
        check = x: (coercedType.check x && finalType.check (coerceFunc x)) || finalType.check x;
        merge = loc: defs:
          finalType.merge loc (b.map (d: d // { value = if coercedType.check d.value && !(finalType.check d.value) then coerceFunc d.value else d.value; }) defs);
        inherit (finalType) emptyValue getSubModules;
        substSubModules = m: coercedTo coercedType coerceFunc (finalType.substSubModules m);
        typeMerge = t: null;
        functor = defaultFunctor "coercedTo";
        nestedTypes.coercedType = coercedType;
        nestedTypes.finalType = finalType;
      } // { inherit coerceFunc; };
    enum = values:
      let
        show = v:
          if b.isString v then ''"${v}"''
          else if b.isInt v then b.toString v
          else if b.isBool v then lib.boolToString v
          else "<${b.typeOf v}>";
      in
      mkOptionType rec {
        name = "enum";
        description =
          if values == [ ] then "impossible (empty enum)"
          else if b.length values == 1 then "value ${show (b.head values)} (singular enum)"
          else "one of ${lib.concatMapStringsSep ", " show values}";
        descriptionClass = if b.length values < 2 then "noun" else "conjunction";
        check = x: b.elem x values;
        merge = lib.mergeEqualOption;
        functor = defaultFunctor name // {
          payload = { inherit values; };
          type = payload: enum payload.values;
          binOp = l: r: { values = lib.unique (l.values ++ r.values); };
        };
      };
    attrTag = tags:
      let names = lib.concatMapStringsSep ", " lib.escapeNixIdentifier (b.attrNames tags); in
      mkOptionType {
        name = "attrTag";
        description = "attribute-tagged union with choices: ${names}";
        descriptionClass = "noun";
        check = v: b.isAttrs v && b.length (b.attrNames v) == 1 && tags ? ${b.head (b.attrNames v)};
        nestedTypes = tags;
        functor = defaultFunctor "attrTag" // { type = { tags, ... }: attrTag tags; payload = { inherit tags; }; };
      };

    # Modules.
    submodule = modules: submoduleWith { shorthandOnlyDefinesConfig = true; modules = lib.toList modules; };
    submoduleWith = { modules, specialArgs ? { }, shorthandOnlyDefinesConfig ? false, description ? null, class ? null }@attrs:
      let freeformType = freeformOf specialArgs modules; in
      mkOptionType {
        name = "submodule";
        description =
          if description != null then description
          else if freeformType != null && freeformType ? description
          then "open submodule of ${optionDescriptionPhrase (nounOr "composite") freeformType}"
          else "submodule";
        check = x: b.isAttrs x || b.isFunction x || path.check x;
        merge = loc: defs: noModules "a submodule's value";
        emptyValue = { value = noModules "a submodule's value"; };
        getSubModules = modules;
        substSubModules = m: submoduleWith (attrs // { modules = m; });
        nestedTypes = lib.optionalAttrs (freeformType != null) { inherit freeformType; };
        functor = defaultFunctor "submodule" // {
          type = submoduleWith;
          payload = { inherit modules class specialArgs shorthandOnlyDefinesConfig description; };
          binOp = l: r:
            let
              pick = what: x: y:
                if x == null then y else if y == null then x else if x == y then x
                else b.throw "A submoduleWith option is declared multiple times with conflicting ${what}";
              shared = b.intersectAttrs l.specialArgs r.specialArgs;
            in
            {
              class = pick "class values" (l.class or null) (r.class or null);
              modules = l.modules ++ r.modules;
              specialArgs =
                if shared == { } then l.specialArgs // r.specialArgs
                else b.throw "A submoduleWith option is declared multiple times with the same specialArgs \"${b.toString (b.attrNames shared)}\"";
              shorthandOnlyDefinesConfig = pick "shorthandOnlyDefinesConfig values" l.shorthandOnlyDefinesConfig r.shorthandOnlyDefinesConfig;
              description = pick "descriptions" l.description r.description;
            };
        };
      };
    deferredModule = deferredModuleWith { };
    deferredModuleWith = { staticModules ? [ ] }@attrs: mkOptionType {
      name = "deferredModule";
      description = "module";
      descriptionClass = "noun";
      check = x: b.isAttrs x || b.isFunction x || path.check x;
      merge = loc: defs: { imports = staticModules ++ lib.getValues defs; };
      getSubModules = staticModules;
      substSubModules = m: deferredModuleWith (attrs // { staticModules = m; });
      functor = defaultFunctor "deferredModuleWith" // {
        type = deferredModuleWith;
        payload = { inherit staticModules; };
        binOp = l: r: { staticModules = l.staticModules ++ r.staticModules; };
      };
    };
    optionType = mkOptionType {
      name = "optionType";
      description = "optionType";
      descriptionClass = "noun";
      check = isType "option-type";
      merge = lib.mergeOneOption;
    };
    optionDeclaration = mkOptionType {
      name = "optionDeclaration";
      description = "option declaration";
      descriptionClass = "noun";
      check = x: isType "option" x && !(x ? value);
    };

    # Serialisable values.
    serializableValueWith = { typeName, nullable ? true }:
      let
        base = oneOf [ bool int float str path (attrsOf value) (listOf value) ];
        value = (if nullable then nullOr base else base) // { description = "${typeName} value"; };
      in
      value;
    json = serializableValueWith { typeName = "JSON"; };
    toml = serializableValueWith { typeName = "TOML"; nullable = false; };
    luaInline = mkOptionType {
      name = "luaInline";
      description = "inline lua";
      descriptionClass = "noun";
      check = x: x._type or null == "lua-inline";
      merge = lib.mergeEqualOption;
    };

    # Type combinators.
    addCheck = elemType: check: elemType // { check = x: elemType.check x && check x; };
    mergeTypes = l: r:
      assert isOptionType l && isOptionType r;
      let merged = l.typeMerge r.functor; in
      if merged == null then setType "merge-error" { error = "Cannot merge types"; } else merged;
"""#
}
