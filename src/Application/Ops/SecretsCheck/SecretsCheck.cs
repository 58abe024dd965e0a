using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Hosting;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.SecretsCheck;

/// <param name="App">One app, or null for every app this process or a live instance hosts.</param>
public sealed record SecretsCheckQuery(string? App);

/// <summary>
/// One expected name; its source is <c>env</c>, <c>default</c> (development default in use) or <c>missing</c>;
/// <c>Warning</c> says what is wrong with a present value (a NOTIFY_WEBHOOK_SECRET under 32 characters), or is null.
/// </summary>
public sealed record SecretsCheckItem(string Name, string Category, bool Present, string Source, string? Warning = null);

/// <summary>One app's names, as read by this process or quoted from a live instance's heartbeat.</summary>
public sealed record AppSecretsCheck(string App, string ReportedBy, IReadOnlyList<SecretsCheckItem> Settings);

/// <summary>
/// DESIGN.md 4 and 8.3: for each app, every expected name with where its value comes from. Apps this
/// process hosts are read live; others from the latest heartbeat of a live instance that hosts them.
/// </summary>
public sealed class SecretsCheckHandler(IAppDbContext db, HostedApps hosted, ISettingSources sources, TimeProvider clock)
{
    public async Task<IReadOnlyList<AppSecretsCheck>> HandleAsync(SecretsCheckQuery query, CancellationToken ct)
    {
        if (query.App is { } requested && !ScholarApps.All.Contains(requested))
        {
            throw new InputException("unknown-app", $"Unknown app '{requested}'.",
                new Dictionary<string, string[]> { ["app"] = [$"Must be one of {string.Join(", ", ScholarApps.All)}."] });
        }

        var wanted = query.App is null ? ScholarApps.All : [query.App];
        var results = new List<AppSecretsCheck>();
        var remote = wanted.Where(a => !hosted.Hosts(a)).ToList();
        var instances = remote.Count == 0 ? [] : await LiveInstancesAsync(ct);

        foreach (var app in wanted)
        {
            if (hosted.Hosts(app))
            {
                results.Add(new AppSecretsCheck(app, "this process", ToItems(SecretsSnapshot.Build([app], sources))));
                continue;
            }

            var instance = instances.FirstOrDefault(i => i.Apps.Contains(app));
            if (instance is not null)
            {
                results.Add(new AppSecretsCheck(app, $"instance {instance.InstanceId} at {instance.LastSeenAt:u}",
                    ToItems(instance.SecretsSnapshot.Where(s => s.App == app))));
            }
            else if (query.App is not null)
            {
                throw new NotFoundException($"A live instance hosting {app}");
            }
        }

        return results;
    }

    private async Task<List<AppInstance>> LiveInstancesAsync(CancellationToken ct)
    {
        return await LiveInstances.Query(db, clock.GetUtcNow())
            .OrderByDescending(i => i.LastSeenAt)
            .ToListAsync(ct);
    }

    private static List<SecretsCheckItem> ToItems(IEnumerable<SecretsSnapshotItem> snapshot) =>
        snapshot.Select(s => new SecretsCheckItem(s.Name, s.Category, s.State == SecretState.Present, SourceName(s.State), s.Warning)).ToList();

    /// <summary>How an item reads to a person: its source, and what is wrong with a present value.</summary>
    public static string Describe(SecretsCheckItem item) =>
        item.Warning is null ? Describe(item.Source) : $"{Describe(item.Source)} — {item.Warning}";

    /// <summary>How a source reads to a person: a development default counts as missing (DESIGN.md 4).</summary>
    public static string Describe(string source) => source switch
    {
        "env" => "present",
        "default" => "missing — development default in use",
        _ => "missing",
    };

    public static string SourceName(SecretState state) => state switch
    {
        SecretState.Present => "env",
        SecretState.Default => "default",
        _ => "missing",
    };
}
