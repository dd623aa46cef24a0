using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// apiextensions' ValidateDefaults: every <c>default</c> (with the defaults below it applied) must validate
/// against its own schema; errors are reported under the <c>default</c> keyword.
/// </summary>
internal static class DefaultValueRules
{
    public static List<FieldError> Validate(SchemaNode root, FieldPath path)
    {
        var errors = new List<FieldError>();
        Visit(root, path, isRoot: true, errors);
        return errors;
    }

    private static void Visit(SchemaNode node, FieldPath path, bool isRoot, List<FieldError> errors)
    {
        if (node.Default is { } defaultValue)
        {
            var value = defaultValue.DeepClone();
            SchemaDefaulter.ApplyTo(value, node);
            var found = new List<FieldError>();
            SchemaValueValidator.Validate(node, value, FieldPath.Root, isResourceRoot: false, found);
            ListTypeValidator.Validate(node, value, FieldPath.Root, isResourceRoot: false, found);
            var defaultPath = path.Child("default");
            errors.AddRange(found.Select(error => error with
            {
                Field = error.Field == "<nil>" ? defaultPath.Value : $"{defaultPath.Value}.{error.Field}",
            }));
        }

        foreach (var (name, property) in node.PropertyList)
        {
            // Defaults in top-level apiVersion, kind and metadata are rejected elsewhere.
            if (!(isRoot && ResourceMeta.IsMetaField(name)))
            {
                Visit(property, path.Child("properties").Key(name), isRoot: false, errors);
            }
        }

        if (node.Items is { } items)
        {
            Visit(items, path.Child("items"), isRoot: false, errors);
        }

        if (node.AdditionalProperties is { } additional)
        {
            Visit(additional, path.Child("additionalProperties"), isRoot: false, errors);
        }
    }
}
