/**
 * English words that carry no topic: function words and the phrasing of questions
 * ("what is", "can you explain", "tell me about"). Kept out of lexical matching.
 */
export const englishStopwords: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
  but by can could did do does doing done down during each either else even ever few for from further get gets getting
  give given gives go goes had has have having he her here hers herself him himself his how however i if in into is it
  its itself just let lets like me might mine more most much must my myself need no nor not now of off on once only or
  other ought our ours ourselves out over own please rather really same say says shall she should so some such tell
  than that the their theirs them themselves then there these they this those through to too under until up upon us
  very via want was we were what whats when where whether which while who whom whose why will with within without would
  yes yet you your yours yourself yourselves i'm im i've you're it's don't doesn't isn't aren't can't won't
  one eg ie etc vs versus ca wo
  explain explained describe meaning mean means define definition anything something thing things kind kinds sort
  question questions answer answers know understand actually exactly way ways role
  matter matters important importance critical crucial significant significance essential entail entails`.split(/\s+/u).filter(Boolean),
);
