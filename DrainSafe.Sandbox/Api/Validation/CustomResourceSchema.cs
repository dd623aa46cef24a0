using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Validation.Rules;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// A custom resource version's structural schema, compiled once and applied to every write the way
/// kube-apiserver does: <see cref="Prune"/> unknown fields, <see cref="ApplyDefaults"/>, then
/// <see cref="Validate"/> (OpenAPI keywords, list types, then x-kubernetes-validations CEL rules).
/// apiVersion, kind and metadata at the root are left to the server.
/// </summary>
public sealed class CustomResourceSchema
{
    private const string RulesSkippedMessage =
        "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

    private static readonly HashSet<string> BlockingReasons =
    [
        FieldErrorReasons.NotSupported, FieldErrorReasons.Required, FieldErrorReasons.TooLong,
        FieldErrorReasons.TooMany, FieldErrorReasons.TypeInvalid,
    ];

    private readonly SchemaNode _root;
    private readonly ValidationOptions _options;
    private readonly IRuleEngine _engine;
    private readonly bool _hasRules;

    private CustomResourceSchema(SchemaNode root, ValidationOptions options, IRuleEngine engine)
    {
        _root = root;
        _options = options;
        _engine = engine;
        _hasRules = root.DescendantsAndSelf().Any(node => node.CompiledRules.Count > 0);
    }

    /// <summary>
    /// The checks a real API server makes when a CustomResourceDefinition (apiextensions.k8s.io/v1) is created:
    /// names, group, scope, versions (exactly one storage version), structural schemas (every property and
    /// items has a type), list/map types, defaults, and CEL rules that compile. Empty when the CRD is acceptable.
    /// A schema shared by every version is reported under <c>spec.validation.openAPIV3Schema</c>, as the
    /// server does after converting to its internal version.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateDefinition(JsonObject customResourceDefinition)
    {
        ArgumentNullException.ThrowIfNull(customResourceDefinition);
        return CustomResourceDefinitionValidator.Validate(customResourceDefinition, CelNetRuleEngine.Instance);
    }

    /// <summary>Compiles a version's <c>schema.openAPIV3Schema</c> (already accepted by <see cref="ValidateDefinition"/>).</summary>
    /// <exception cref="ArgumentException">A pattern or CEL rule does not compile.</exception>
    public static CustomResourceSchema Compile(JsonObject openApiV3Schema) => Compile(openApiV3Schema, ValidationOptions.Default);

    /// <summary>Compiles a version's schema with non-default <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">A pattern or CEL rule does not compile.</exception>
    public static CustomResourceSchema Compile(JsonObject openApiV3Schema, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        ArgumentNullException.ThrowIfNull(options);
        var engine = CelNetRuleEngine.Instance;
        var root = SchemaNode.Parse(openApiV3Schema);
        foreach (var node in root.DescendantsAndSelf())
        {
            if (node.PatternError is { } patternError)
            {
                throw new ArgumentException($"pattern '{node.Pattern}' does not compile: {patternError}", nameof(openApiV3Schema));
            }

            if (options.EvaluateRules)
            {
                node.CompiledRules.AddRange(node.Rules.Select(rule => CompileRule(engine, rule, node)));
            }
        }

        return new CustomResourceSchema(root, options, engine);
    }

    /// <summary>
    /// Validates <paramref name="obj"/> (after pruning and defaulting). <paramref name="oldObj"/> is the stored
    /// object on update (transition rules see it as <c>oldSelf</c>), null on create. Errors come in the server's
    /// order: schema keywords, list types, then CEL rules (skipped with one notice when a type, required, enum
    /// or size error already exists).
    /// </summary>
    public IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? oldObj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new List<FieldError>();
        SchemaValueValidator.Validate(_root, obj, FieldPath.Root, isResourceRoot: true, errors);
        ListTypeValidator.Validate(_root, obj, FieldPath.Root, isResourceRoot: true, errors);
        if (_hasRules)
        {
            if (errors.Any(error => BlockingReasons.Contains(error.Reason)))
            {
                errors.Add(FieldErrors.Invalid(FieldPath.Root, null, RulesSkippedMessage));
            }
            else
            {
                new RuleValidator(_engine, errors).Validate(_root, obj, oldObj, FieldPath.Root, isResourceRoot: true);
            }
        }

        return errors;
    }

    /// <summary>Removes fields the schema does not declare; returns their paths (<c>spec.foo</c>, <c>spec.events[0].bar</c>).</summary>
    public IReadOnlyList<string> Prune(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return UnknownFieldPruner.Prune(obj, _root);
    }

    /// <summary>Drops nulls of non-nullable fields that have no default, then fills <c>default</c> values.</summary>
    public void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        SchemaDefaulter.Apply(obj, _root);
    }

    private static CompiledRule CompileRule(IRuleEngine engine, ValidationRule rule, SchemaNode node)
    {
        var compilation = engine.Compile(rule.Rule);
        if (compilation.Program is null)
        {
            throw new ArgumentException($"x-kubernetes-validations rule \"{rule.Rule}\" does not compile: {compilation.Error}");
        }

        IRuleProgram? message = null;
        if (!string.IsNullOrWhiteSpace(rule.MessageExpression))
        {
            message = engine.Compile(rule.MessageExpression).Program
                      ?? throw new ArgumentException($"messageExpression \"{rule.MessageExpression}\" does not compile");
        }

        var fieldPath = string.IsNullOrWhiteSpace(rule.FieldPath)
            ? string.Empty
            : RuleFieldPath.Normalize(rule.FieldPath.Trim(), node)
              ?? throw new ArgumentException($"fieldPath \"{rule.FieldPath}\" does not name a field of the schema");
        return new CompiledRule(rule, compilation.Program, compilation.UsesOldSelf, message, fieldPath);
    }
}
