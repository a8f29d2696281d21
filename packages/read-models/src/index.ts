// @orders/read-models: the read models of the order service, shared by services/projector
// (which writes them) and services/order-api (whose query routes read them).
export { foldTurkish, escapeLike, containsPattern, searchWords, searchTerms, isUuid } from './fold.ts';
export {
  readModelSchema,
  liveTargets,
  shadowName,
  type ReadModelTables,
  type ReadModelTableName,
  type TableTargets,
  type OrderListTable,
  type OrderLogTable,
  type ReportOrderTable,
  type ReportDailyTable,
  type BalanceOrderTable,
  type BalanceTotalTable,
} from './tables.ts';
export {
  migrateReadModels,
  readModelsMigrated,
  readModelsMigrationsHash,
  readModelMigrationNames,
} from './migrations.ts';
export { upsertRows, selectByIds, deleteZeroRows, tableRef, type Executor } from './write.ts';
export {
  projectionPosition,
  projectionReached,
  waitForProjection,
  type ProjectionPosition,
} from './position.ts';
export {
  projectedEvents,
  byOrder,
  turkishDay,
  type ReadModelProjection,
  type ProjectedEvent,
} from './projections/types.ts';
export { projections, projectionNamed, type ProjectionName } from './projections/index.ts';
export { orderListProjection, foldOrderListBatch } from './projections/order-list.ts';
export {
  foldOrderList,
  orderListRow,
  orderListColumns,
  summarizeRoute,
  invoiceTotal,
  invoiceStatuses,
  collectionStatuses,
  type OrderListState,
  type OrderListRow,
  type RouteSummary,
} from './projections/order-list-state.ts';
export { orderLogsProjection, describeEvent, statusLabels } from './projections/order-logs.ts';
export { reportProjection, foldReportOrder } from './projections/report.ts';
export {
  balancesProjection,
  foldBalance,
  billingCustomer,
  type BalanceState,
} from './projections/balances.ts';
export {
  listOrders,
  orderListSelection,
  orderListConditions,
  orderListSortColumns,
  orderListItemColumns,
  type OrderListQuery,
  type OrderListFilter,
  type OrderDeepSearch,
  type OrderListItem,
  type OrderListSortColumn,
} from './queries/order-list.ts';
export { listSuspended, type SuspendedQuery, type SuspendedItem } from './queries/suspended.ts';
export {
  orderReport,
  type Report,
  type ReportFilter,
  type ReportPeriod,
  type ReportCell,
} from './queries/report.ts';
export {
  listBalances,
  balanceSortColumns,
  type BalanceQuery,
  type BalanceRow,
  type BalanceSortColumn,
} from './queries/balances.ts';
export { orderLogs, type OrderLogItem } from './queries/logs.ts';
export {
  projectionSubscription,
  projectionGroupSubscription,
  type ProjectionSubscriptionOptions,
  type ProjectionGroupOptions,
} from './subscription.ts';
