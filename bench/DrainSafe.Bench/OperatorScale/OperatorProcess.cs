using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DrainSafe.Bench.OperatorScale;

/// <summary>
/// DrainSafe's operator as its own process (<c>dotnet DrainSafe.Operator.dll</c>, the published entry point, kubeconfig
/// from KUBECONFIG), so that its memory and CPU are its own: read from <c>/proc/PID/status</c> and <c>/proc/PID/stat</c>,
/// and the managed heap from its <c>/metrics</c>.
/// </summary>
internal sealed partial class OperatorProcess : IAsyncDisposable
{
    // USER_HZ, the unit of utime and stime in /proc/PID/stat: 100 on every mainstream Linux build.
    private const double ClockTicksPerSecond = 100;
    private readonly Process process;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private OperatorProcess(Process process, int healthPort)
    {
        this.process = process;
        HealthPort = healthPort;
    }

    public int Id => process.Id;

    public int HealthPort { get; }

    public bool HasExited => process.HasExited;

    public static OperatorProcess Start(string kubeconfig, IEnumerable<string> settings, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DrainSafe.Operator.dll"));
        foreach (var setting in new[] { $"--Operator:Health:Port={port}", "--Operator:Health:Host=127.0.0.1", "--Logging:LogLevel:Default=Warning" }.Concat(settings))
        {
            info.ArgumentList.Add(setting);
        }

        info.Environment["KUBECONFIG"] = kubeconfig;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var errors = new List<string>();
        process.OutputDataReceived += (_, e) => Remember(errors, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new OperatorProcess(process, port) { Output = errors };
    }

    /// <summary>The last lines the operator wrote (warnings and errors only).</summary>
    public IReadOnlyList<string> Output { get; private init; } = [];

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM), in MiB.</summary>
    public (double RssMiB, double PeakMiB) Memory()
    {
        var status = Status();
        return (status.GetValueOrDefault("VmRSS") / 1024, status.GetValueOrDefault("VmHWM") / 1024);
    }

    /// <summary>Resident memory split: anonymous (heaps, stacks, JIT code) and file-backed (mapped assemblies and libraries), in MiB.</summary>
    public (double AnonMiB, double FileMiB) ResidentSplit()
    {
        var status = Status();
        return (status.GetValueOrDefault("RssAnon") / 1024, status.GetValueOrDefault("RssFile") / 1024);
    }

    // The kB figures of /proc/PID/status.
    private Dictionary<string, double> Status()
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.EndsWith(" kB", StringComparison.Ordinal))
            {
                values[line[..colon]] = double.Parse(line.AsSpan(colon + 1, line.Length - colon - 4).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return values;
    }

    /// <summary>CPU time used so far (user + system), from <c>/proc/PID/stat</c>.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        // The command name is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>Selected samples of the operator's /metrics (prometheus-net's process and .NET collectors).</summary>
    public async Task<IReadOnlyDictionary<string, double>> MetricsAsync()
    {
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{HealthPort}/metrics"));
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match match in MetricLine().Matches(text))
        {
            if (double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[match.Groups["name"].Value] = value;
            }
        }

        return values;
    }

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/readyz"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        http.Dispose();
    }

    private static void Remember(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
            if (lines.Count > 200)
            {
                lines.RemoveAt(0);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^(?<name>(dotnet|process)_[a-z_]+(\{[^}]*\})?) (?<value>[-+0-9.eE]+)$", RegexOptions.Multiline)]
    private static partial Regex MetricLine();
}
