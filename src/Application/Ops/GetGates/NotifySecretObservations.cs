using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.GetGates;

/// <summary>Gate 1's input for one app, from the heartbeats of the live instances that host it.</summary>
public static class NotifySecretObservations
{
    public static NotifySecretObservation For(string app, IEnumerable<AppInstance> liveInstances)
    {
        var hosting = liveInstances.Where(i => i.Apps.Contains(app)).ToList();
        if (hosting.Count == 0)
        {
            return NotifySecretObservation.NotReported;
        }

        return new NotifySecretObservation(
            true,
            hosting.Select(i => i.NotifySecretState).ToHashSet(),
            hosting.Where(i => i.NotifySecretState == SecretState.Present && i.NotifySecretFingerprint is not null)
                .Select(i => i.NotifySecretFingerprint!)
                .ToHashSet());
    }
}
