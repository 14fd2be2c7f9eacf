namespace RxRedis;

/// <summary>An end of a list, for <c>LMOVE</c>, <c>LMPOP</c> and their blocking forms.</summary>
public enum ListSide
{
    /// <summary><c>LEFT</c>: the head.</summary>
    Left,
    /// <summary><c>RIGHT</c>: the tail.</summary>
    Right,
}
