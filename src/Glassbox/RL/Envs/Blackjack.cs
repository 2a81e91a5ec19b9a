using Glassbox.RL.Spaces;

namespace Glassbox.RL.Envs;

/// <summary>A Blackjack observation: Gymnasium's tuple (player sum, dealer's showing card, usable ace).</summary>
/// <param name="PlayerSum">The player's total, counting a usable ace as 11 (4–31 reachable; the space allows 0–31).</param>
/// <param name="DealerCard">The dealer's face-up card, 1 (ace) to 10.</param>
/// <param name="UsableAce">Whether the player holds an ace that counts as 11 without busting (Gymnasium's 0/1).</param>
public readonly record struct BlackjackObservation(int PlayerSum, int DealerCard, bool UsableAce)
{
    /// <summary>Number of distinct observations in the space: 32 · 11 · 2.</summary>
    public const int Count = 32 * 11 * 2;

    /// <summary>A dense index in [0, <see cref="Count"/>) for tables: (PlayerSum · 11 + DealerCard) · 2 + UsableAce.</summary>
    public int Index => (PlayerSum * 11 + DealerCard) * 2 + (UsableAce ? 1 : 0);
}

/// <summary>
/// Blackjack's observation space, Gymnasium's <c>Tuple(Discrete(32), Discrete(11), Discrete(2))</c>.
/// <see cref="Sample"/> draws the three parts in order from this space's generator; it is not Gymnasium's stream
/// (a Gymnasium Tuple seeds one generator per part).
/// </summary>
public sealed class BlackjackObservationSpace : Space<BlackjackObservation>
{
    /// <inheritdoc/>
    public override BlackjackObservation Sample() =>
        new((int)NpRandom.Integers(0, 32), (int)NpRandom.Integers(0, 11), NpRandom.Integers(0, 2) == 1);

    /// <inheritdoc/>
    public override bool Contains(BlackjackObservation value) => value.PlayerSum is >= 0 and < 32 && value.DealerCard is >= 0 and < 11;

    /// <inheritdoc/>
    public override string ToString() => "Tuple(Discrete(32), Discrete(11), Discrete(2))";
}

/// <summary>
/// Blackjack-v1 (Gymnasium's <c>BlackjackEnv</c>; Sutton &amp; Barto's Example 5.1): the player draws to get as close
/// to 21 as possible without going over, then the dealer draws to 17 or more. Infinite deck (cards drawn with
/// replacement); face cards count 10 and an ace 1 or 11. Actions: 0 stick, 1 hit.
/// </summary>
/// <remarks>
/// <para>Draws, in Gymnasium's order: each card is <c>deck[integers(0, 13)]</c> with deck 1–9, 10, 10, 10, 10. Reset
/// draws dealer card 1, dealer card 2, player card 1, player card 2, then <c>integers(0, 4)</c> for the shown card's
/// suit and — only when that card is a 10 — <c>integers(0, 3)</c> for its face; Gymnasium uses those two only for
/// rendering, but they consume draws, so they are made here too.</para>
/// <para>Hit: one card; busting (over 21) ends the episode with −1, else reward 0. Stick: the dealer draws while its
/// total (a usable ace as 11) is below 17; reward +1 win, 0 draw, −1 loss, a float as Gymnasium's. With
/// <c>natural</c>, a winning natural (ace + ten-card) pays +1.5; with <c>sab</c> (Sutton &amp; Barto's rules, which
/// the registered Blackjack-v1 passes) a natural beats any non-natural dealer hand for +1 and <c>natural</c> is
/// ignored. No time limit. Not an <see cref="IDiscreteModel"/>: Gymnasium defines it by sampling only.</para>
/// </remarks>
public sealed class Blackjack : Env<BlackjackObservation, int>
{
    private static readonly int[] Deck = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10];
    private static readonly BlackjackObservationSpace ObsSpace = new();
    private readonly Discrete actionSpace = new(2);
    private readonly List<int> player = [], dealer = [];

    /// <summary>Blackjack with the given payout rules (Gymnasium's constructor defaults: both false).</summary>
    public Blackjack(bool natural = false, bool sab = false)
    {
        Natural = natural;
        Sab = sab;
    }

    /// <inheritdoc/>
    public override string Id => "Blackjack-v1";

    /// <inheritdoc/>
    public override Space<BlackjackObservation> ObservationSpace => ObsSpace;

    /// <inheritdoc/>
    public override Space<int> ActionSpace => actionSpace;

    /// <summary>Whether a winning natural pays 1.5.</summary>
    public bool Natural { get; }

    /// <summary>Sutton &amp; Barto's rules.</summary>
    public bool Sab { get; }

    /// <summary>False: Gymnasium returns Blackjack's rewards as Python floats (−1.0, 0.0, 1.0 and 1.5), unlike the other toy-text environments.</summary>
    public bool IntegerRewards => false;

    /// <summary>The player's cards so far.</summary>
    public IReadOnlyList<int> PlayerHand => player;

    /// <summary>The dealer's cards so far (the second is hidden until the player sticks).</summary>
    public IReadOnlyList<int> DealerHand => dealer;

    /// <summary>The suit Gymnasium would render on the dealer's shown card: C, D, H or S.</summary>
    public char DealerCardSuit { get; private set; }

    private int Draw() => Deck[(int)NpRandom.Integers(0, Deck.Length)];

    private static bool UsableAce(List<int> hand) => hand.Contains(1) && hand.Sum() + 10 <= 21;

    private static int Total(List<int> hand) => hand.Sum() + (UsableAce(hand) ? 10 : 0);

    private static int Score(List<int> hand) => Total(hand) > 21 ? 0 : Total(hand);

    private static bool IsNatural(List<int> hand) => hand.Count == 2 && hand.Contains(1) && hand.Contains(10);

    private BlackjackObservation Observe() => new(Total(player), dealer[0], UsableAce(player));

    /// <inheritdoc/>
    protected override ResetResult<BlackjackObservation> ResetCore()
    {
        dealer.Clear(); player.Clear();
        dealer.Add(Draw()); dealer.Add(Draw());
        player.Add(Draw()); player.Add(Draw());
        DealerCardSuit = "CDHS"[(int)NpRandom.Integers(0, 4)];
        if (dealer[0] == 10) NpRandom.Integers(0, 3); // the face (J, Q or K) Gymnasium picks for rendering
        return new ResetResult<BlackjackObservation>(Observe(), EnvInfo.Empty);
    }

    /// <inheritdoc/>
    protected override StepResult<BlackjackObservation> StepCore(int action)
    {
        if (action == 1)
        {
            player.Add(Draw());
            bool bust = Total(player) > 21;
            return new StepResult<BlackjackObservation>(Observe(), bust ? -1.0 : 0.0, bust, false, EnvInfo.Empty);
        }
        while (Total(dealer) < 17) dealer.Add(Draw());
        int p = Score(player), d = Score(dealer);
        double reward = p > d ? 1.0 : p < d ? -1.0 : 0.0;
        if (Sab && IsNatural(player) && !IsNatural(dealer)) reward = 1.0;
        else if (!Sab && Natural && IsNatural(player) && reward == 1.0) reward = 1.5;
        return new StepResult<BlackjackObservation>(Observe(), reward, true, false, EnvInfo.Empty);
    }
}
