import type { CallType } from './call-type';
import { formatEuros, sumCents, type Cents } from './money';
import { SECTOR_LABELS, type EssmsSector } from './sectors';
import type { Territory } from './territory';

export type SoftwareSituation = 'acquisition' | 'mise_en_conformite';

export const SOFTWARE_SITUATION_LABELS: Readonly<Record<SoftwareSituation, string>> = {
  acquisition: 'Acquisition',
  mise_en_conformite: 'Mise en conformité',
};

/** A row of a campaign's funding table; 'TOUS' / 'tous' match any sector / territory. */
export interface FundingRule {
  callType: CallType;
  softwareSituation: SoftwareSituation;
  sector: EssmsSector | 'TOUS';
  territory: Territory | 'tous';
  amountPerEssmsCents: Cents;
}

export interface FundedMember {
  sector: EssmsSector;
  softwareSituation: SoftwareSituation;
}

export interface FundingLine {
  softwareSituation: SoftwareSituation;
  sector: EssmsSector;
  count: number;
  amountPerEssmsCents: Cents;
  subtotalCents: Cents;
}

export type FundingResult =
  | { ok: true; totalCents: Cents; lines: FundingLine[]; explanation: string }
  | { ok: false; code: 'FUNDING_RULE_MISSING'; message: string };

/** The most specific rule for a member: exact sector and territory first, then either, then the catch-all. */
export function findRule(rules: readonly FundingRule[], callType: CallType, territory: Territory, member: FundedMember): FundingRule | undefined {
  const candidates = rules.filter((rule) => rule.callType === callType && rule.softwareSituation === member.softwareSituation);
  const rank = (rule: FundingRule): number =>
    (rule.sector === member.sector ? 2 : rule.sector === 'TOUS' ? 0 : -10) + (rule.territory === territory ? 1 : rule.territory === 'tous' ? 0 : -10);
  return candidates
    .filter((rule) => rank(rule) >= 0)
    .sort((a, b) => rank(b) - rank(a))[0];
}

/** A label inside a sentence: « Mise en conformité » → « mise en conformité », acronyms kept (« … (AHI) »). */
function inSentence(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * The grant of a project from the campaign's funding table: for each member ESSMS, the amount of the most
 * specific rule for its call type, software situation, sector and territory. Explained line by line in French.
 */
export function computeGrant(members: readonly FundedMember[], callType: CallType, territory: Territory, rules: readonly FundingRule[]): FundingResult {
  const groups = new Map<string, FundingLine>();
  for (const member of members) {
    const rule = findRule(rules, callType, territory, member);
    if (!rule) {
      return {
        ok: false,
        code: 'FUNDING_RULE_MISSING',
        message: `Aucun montant n'est défini pour « ${SOFTWARE_SITUATION_LABELS[member.softwareSituation]} », secteur « ${SECTOR_LABELS[member.sector]} », dans cette campagne : la CNSA doit compléter la table de financement.`,
      };
    }
    const key = `${member.softwareSituation}|${member.sector}|${rule.amountPerEssmsCents}`;
    const line = groups.get(key) ?? {
      softwareSituation: member.softwareSituation,
      sector: member.sector,
      count: 0,
      amountPerEssmsCents: rule.amountPerEssmsCents,
      subtotalCents: 0,
    };
    line.count += 1;
    line.subtotalCents = line.count * line.amountPerEssmsCents;
    groups.set(key, line);
  }
  const lines = [...groups.values()].sort((a, b) => a.softwareSituation.localeCompare(b.softwareSituation) || a.sector.localeCompare(b.sector));
  const totalCents = sumCents(lines.map((line) => line.subtotalCents));
  const explanation =
    lines.length === 0
      ? 'Aucun ESSMS : montant nul.'
      : `${lines
          .map(
            (line) =>
              `${line.count} ESSMS × ${formatEuros(line.amountPerEssmsCents)} (${inSentence(SOFTWARE_SITUATION_LABELS[line.softwareSituation])}, ${inSentence(SECTOR_LABELS[line.sector])})`,
          )
          .join(' + ')} = ${formatEuros(totalCents)}`;
  return { ok: true, totalCents, lines, explanation };
}
