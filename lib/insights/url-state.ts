import {
  createLoader,
  createSerializer,
  parseAsInteger,
  parseAsNumberLiteral,
  parseAsStringLiteral,
} from "nuqs/server";
import { COMPANY_SORTS, DEFAULT_COMPANY_SORT } from "./company-sort";
import { COMPANY_TREND_RANGES, INSIGHTS_RANGES } from "./range";

/**
 * The URL state of the insights and company pages: each view is a shareable link. Invalid values
 * fall back to the defaults rather than breaking the page, like the list's.
 */
export const insightsParsers = { range: parseAsNumberLiteral(INSIGHTS_RANGES).withDefault(30) };
export const loadInsightsState = createLoader(insightsParsers);
export const serializeInsightsState = createSerializer(insightsParsers);

export const companyParsers = { range: parseAsNumberLiteral(COMPANY_TREND_RANGES).withDefault(30) };
export const loadCompanyState = createLoader(companyParsers);
export const serializeCompanyState = createSerializer(companyParsers);

export const companiesParsers = {
  sort: parseAsStringLiteral(COMPANY_SORTS).withDefault(DEFAULT_COMPANY_SORT),
  page: parseAsInteger.withDefault(1),
};
export const loadCompaniesState = createLoader(companiesParsers);
export const serializeCompaniesState = createSerializer(companiesParsers);
