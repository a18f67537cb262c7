/**
 * Everyday English verbs, adjectives and adverbs that a question may use without them being its topic
 * ("What makes a good prompt?", "Why doesn't ReLU suffer from…", "How does attention decide…").
 * They still count in matching, but weakly, and an unknown one does not make a question look foreign
 * to the bank the way an unknown noun ("pizza", "passport") does.
 */
export const generalWords: ReadonlySet<string> = new Set(
  `able about across actual actually add added adds affect affects allow allows almost already always another apply
  applied applies ask asked asks avoid avoids bad basic basically become becomes begin best better big bigger
  biggest bring brings build builds call called calls care careful carry case cases cause caused causes certain
  change changed changes check choose chooses chosen clear clearly close come comes common commonly compare compared
  consider considered contain contains correct correctly could create created creates current currently deal decide
  decided decides deep deeper depend depends different differently difficult do does doing done easy easier effect
  effective effectively else end ends enough especially even every exactly exist exists expect expected explain
  fail fails fall far fast faster feel few find finds fine first follow follows full fully general generally get
  gets give given gives go goes going good great handle handled handles happen happens hard help helped helps
  high higher hold holds how however important include included includes increase inside instead involve involves
  keep keeps kind know known large last late later lead leads least less let lets little long look looks lot
  low lower main mainly make makes making many matter may mean means might more most much must need needed needs
  never new next nice normal normally often old once open own part particular particularly people perhaps
  place play plays point possible possibly practice pretty prevent prevents probably problem problems put quite
  rather real really reason reasons recent recently reduce reduces related right run runs same say see seem seems
  several short should show shows side similar simple simply since small smaller so some sometimes soon
  special specific stand stands start starts still stop stops strong such suffer suffers suggest support supposed
  sure take takes tell tend thing things think though three through today together too top true try turn turns
  two typical typically under understand unlike usual usually very want way ways well whole wide why wise within
  without work works worse worst would wrong year years`.split(/\s+/u).filter(Boolean),
);
