import type { Lexicon } from './lexicon.js';

/**
 * The English words the tutor reads specially. Every list is lower case; multi-word entries are
 * phrases. The lists are kept disjoint where they must be (tests/text/lexicon.test.ts checks it).
 */
export const englishLexicon: Lexicon = {
  language: 'en',
  stopwords: words(`
  a about above after again against all also am an and any are as at be because been before being below between
  both but by can could did do does doing done down during each either else even ever few for from further get
  gets getting give given gives go goes had has have having he her here hers herself him himself his how however
  i if in into is it its itself just let lets like me might mine more most much must my myself need no nor not
  now of off on once only or other ought our ours ourselves out over own please rather really same say says
  shall she should so some such tell than that the their theirs them themselves then there these they this those
  through to too under until up upon us very via want was we were what whats when where whether which while who
  whom whose why will with within without would yes yet you your yours yourself yourselves i'm im i've you're
  it's don't doesn't isn't aren't can't won't one eg ie etc vs versus ca wo former latter ones another ok okay hey hi hello thanks thank pls plz explain explained describe meaning
  mean means define definition anything something thing things kind kinds sort question questions answer answers
  know understand actually exactly way ways role matter matters important importance critical crucial
  significant significance essential entail entails interview interviewer interviewers interviewing
  `),
  generalWords: words(`
  able across actual add added adds affect affects allow allows almost already always apply applied
  applies ask asked asks avoid avoids bad basic basically become becomes begin best better big bigger biggest
  bring brings build builds call called calls care careful carry case cases cause caused causes certain change
  changed changes check choose chooses chosen clear clearly close come comes common commonly compare compared
  consider considered contain contains correct correctly create created creates current currently deal decide
  decided decides deep deeper depend depends different differently difficult easy easier effect effective
  effectively end ends enough especially every exist exists expect expected fail fails fall far fast faster feel
  find finds fine first follow follows full fully general generally going good great handle handled handles
  happen happens hard help helped helps high higher hold holds include included includes increase inside instead
  involve involves keep keeps known large last late later lead leads least less little long look looks lot low
  lower main mainly make makes making many may needed needs never new next nice normal normally often old open
  part particular particularly people perhaps place play plays point possible possibly practice pretty prevent
  prevents probably problem problems put quite real reason reasons recent recently reduce reduces related right
  run runs see seem seems several short show shows side similar simple simply since small smaller sometimes soon
  special specific stand stands start starts still stop stops strong suffer suffers suggest support supposed
  sure take takes tend think though three today together top true try turn turns two typical typically unlike
  usual usually well whole wide wise work works worse worst wrong year years
  `),
  exampleRequests: ['example', 'examples', 'instance', 'instances', 'illustrate', 'illustration', 'sample case', 'use case', 'concrete case'],
  exampleMarkers: ['for example', 'for instance', 'e.g.', 'such as', 'like'],
  // Pronouns only: "one", "more" or "other" also start new questions ("why are there more parameters…").
  references: ['it', 'its', 'it\'s', 'this', 'that', 'these', 'those', 'they', 'them', 'their', 'former', 'latter'],
  comparisons: ['different from', 'difference', 'differences', 'differ', 'differs', 'compare', 'compared', 'comparison', 'versus', 'vs', 'better than', 'worse than', 'instead of', 'rather than'],
  continuations: ['and', 'but', 'so', 'also', 'then', 'what about', 'how about', 'why', 'how come', 'in what way', 'compared', 'versus', 'vs'],
  connectives: new Set(['a', 'an', 'the', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'with', 'by', 'from', 'at', 'as', 'vs', 'versus', 'via', 'into', 's']),
  answerShapeWords: ['example', 'examples', 'instance', 'detail', 'details', 'elaborate', 'simpler', 'simple', 'simply', 'more', 'again', 'short', 'shorter', 'longer', 'deeper'],
};

function words(text: string): ReadonlySet<string> {
  return new Set(text.split(/\s+/u).filter(Boolean));
}
