using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace RxRedis.Extensions;

/// <summary>
/// Validates the registered <see cref="RedisOptions"/> when the host starts (<c>ValidateOnStart</c>), not at the
/// first command: every configuration value that did not parse, every unknown key, and the first setting
/// <see cref="RedisOptions.Validate"/> rejects, each message naming its configuration key.
/// </summary>
internal sealed class RedisConfigurationValidator(IConfiguration? section) : IValidateOptions<RedisOptions>
{
    // Where the properties that RedisOptions.Validate names live in configuration, when not at the top.
    private static readonly Dictionary<string, string> Nested = new(StringComparer.Ordinal)
    {
        ["MaxRetries"] = "RetryPolicy:MaxRetries",
        ["Min"] = "RetryPolicy:Backoff:Min (or ReconnectBackoff:Min)",
        ["Max"] = "RetryPolicy:Backoff:Max (or ReconnectBackoff:Max)",
        ["Jitter"] = "RetryPolicy:Backoff:Jitter (or ReconnectBackoff:Jitter)",
        ["MaxRedirects"] = "Cluster:MaxRedirects",
        ["TopologyRefreshInterval"] = "Cluster:TopologyRefreshInterval",
        ["MinRefreshInterval"] = "Cluster:MinRefreshInterval",
        ["RetryWhileReconfiguring"] = "Cluster:RetryWhileReconfiguring",
        ["ServiceName"] = "Sentinel:ServiceName",
        ["EndPoints"] = "Sentinel:EndPoints",
        ["ReadFrom"] = "Sentinel:ReadFrom",
        ["TargetHost"] = "Tls:TargetHost",
        ["CaCertificateFile"] = "Tls:CaCertificateFile",
        ["ClientCertificateFile"] = "Tls:ClientCertificateFile",
        ["ClientKeyFile"] = "Tls:ClientKeyFile",
    };

    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = section is null ? [] : RedisConfigurationReader.Apply(section, new RedisOptions()).ToList();
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            var message = e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            errors.Add(e.ParamName is { } parameter ? $"{KeyOf(parameter)}: {message}" : message);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private string KeyOf(string parameter)
    {
        var key = Nested.GetValueOrDefault(parameter, parameter);
        return section is IConfigurationSection { Path: { Length: > 0 } path } ? $"{path}:{key}" : $"RedisOptions.{key.Replace(':', '.')}";
    }
}
