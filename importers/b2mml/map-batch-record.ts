/**
 * BatchML executed batch records (the Rockwell/PharmaSuite V0401 shape: ExecutedControlRecipe
 * with nested RuntimeRecipeElements, and exception Events) → an OperationExecution per phase
 * (ISA-88's lowest procedural element: where completion time and performer are recorded; a
 * procedure, unit procedure or operation only groups them), a Lot for the batch and a WorkOrder
 * for the control recipe, and a Nonconformance per exception event. All are the MES's statements.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { XmlNode } from '../xml/read-xml';
import { childOf, childrenOf } from '../xml/read-xml';
import type { Frame, Scope } from './scope';
import { emit, refuseAt } from './scope';
import { childText, childTexts } from './values';

/** The record's own times, after ApplicationArea/CreationDateTime and PublishedDate. */
function batchTimes(scope: Scope): (XmlNode | undefined)[] {
  const header = scope.header('Header', 'batchRecord');
  return [
    header === undefined ? undefined : childOf(header, 'LastChangedDate'),
    scope.header('LastChangedDate', 'batchRecord'),
    header === undefined ? undefined : childOf(header, 'CreationDate'),
    scope.header('CreationDate', 'batchRecord'),
  ];
}

/** The control recipe's ID and batch. */
function recipeOf(scope: Scope): { id?: string; batchId?: string; product?: string } {
  const id = scope.headerText('ID', 'ecr');
  const batchId = scope.headerText('BatchID', 'ecr') ?? scope.headerText('BatchID', 'batchRecord');
  const header = scope.header('Header', 'ecr');
  const product = childText(header, 'ProductID') ?? scope.headerText('MaterialDefinitionID');
  return {
    ...(id === undefined ? {} : { id }),
    ...(batchId === undefined ? {} : { batchId }),
    ...(product === undefined ? {} : { product }),
  };
}

/** A top-level RuntimeRecipeElement (a procedure): one execution per phase or leaf inside. */
export function mapRuntimeElement(node: XmlNode, scope: Scope): ParsedLine[] {
  const recipe = recipeOf(scope);
  const out: ParsedLine[] = [];
  const visit = (el: XmlNode): void => {
    const children = childrenOf(el, 'RuntimeRecipeElement');
    const type = childText(el, 'RecipeElementType');
    if (type?.toLowerCase() === 'phase' || children.length === 0)
      out.push(phase(el, scope, recipe));
    for (const c of children) visit(c);
  };
  visit(node);
  return out;
}

function phase(el: XmlNode, scope: Scope, recipe: ReturnType<typeof recipeOf>): ParsedLine {
  const id = childText(el, 'ID');
  if (id === undefined) {
    return refuseAt(el, 'ID', 'OperationExecution: the RuntimeRecipeElement has no ID');
  }
  const completion = scope.time(childOf(el, 'CompletionTime'));
  const done = 'value' in completion && completion.value !== undefined;
  const equipment = childTexts(el, 'ActualEquipmentID');
  return emit(scope, el, {
    kind: 'OperationExecution',
    source: 'MES',
    site: scope.site(el),
    recordedAt: scope.recordedAt(...batchTimes(scope)),
    data: {
      id,
      workOrderId: recipe.id,
      // the step's name: the last element of the pipe path, without a loop's [n]
      opNumber: (id.split('|').at(-1) ?? id).replace(/\[\d+\]$/, ''),
      equipmentId: equipment[0],
      operatorId: childText(el, 'Performer'),
      status: done ? 'COMPLETED' : undefined,
      // kept beside the canonical fields: the batch (OperationExecution has no lot field)
      lotNumber: recipe.batchId,
      instanceCount: childText(el, 'InstanceCount'),
      recipeElementType: childText(el, 'RecipeElementType'),
    },
    times: { completedAt: completion },
    fields: { id: 'ID', operatorId: 'Performer', equipmentId: 'ActualEquipmentID' },
  });
}

/** When an ExecutedControlRecipe closes: its batch as a Lot and the recipe as a WorkOrder. */
export function closeExecutedRecipe(frame: Frame, scope: Scope): ParsedLine[] {
  const recipe = recipeOf(scope);
  const out: ParsedLine[] = [];
  const recordedAt = scope.recordedAt(...batchTimes(scope));
  if (recipe.batchId !== undefined) {
    out.push(
      emit(scope, frame.headers.get('BatchID') ?? frame.node, {
        kind: 'Lot',
        source: 'MES',
        recordedAt,
        site: scope.site(),
        data: { lotNumber: recipe.batchId, partNumber: recipe.product },
        fields: { lotNumber: 'BatchID', partNumber: 'Header/ProductID' },
      }),
    );
  }
  if (recipe.id === undefined) {
    out.push(refuseAt(frame.node, 'ID', 'WorkOrder: the ExecutedControlRecipe has no ID'));
  } else {
    out.push(
      emit(scope, frame.headers.get('ID') ?? frame.node, {
        kind: 'WorkOrder',
        source: 'MES',
        recordedAt,
        site: scope.site(),
        data: {
          id: recipe.id,
          partNumber: recipe.product,
          productName: childText(frame.headers.get('Header'), 'ProductName'),
        },
        fields: { id: 'ID', partNumber: 'Header/ProductID' },
      }),
    );
  }
  return out;
}

/**
 * An Event whose EventSubType is Exception → a Nonconformance (an NCR candidate raised in the
 * MES) on the phase it references. Other events (alarms, value changes) are not records here.
 */
export function mapEvent(node: XmlNode, scope: Scope): ParsedLine[] {
  const sub = childOf(node, 'EventSubType');
  if (childText(node, 'EventSubType')?.toLowerCase() !== 'exception') return [];
  const id = childText(node, 'ID');
  if (id === undefined) return [refuseAt(node, 'ID', 'Nonconformance: the Event has no ID')];
  const status = sub?.attrs.Status?.trim().toLowerCase();
  const batches = scope.message.batches;
  const batch =
    scope.headerText('BatchID', 'batchRecord') ?? (batches.length === 1 ? batches[0] : undefined);
  return [
    emit(scope, node, {
      kind: 'Nonconformance',
      source: 'MES',
      site: scope.site(node),
      recordedAt: scope.recordedAt(...batchTimes(scope)),
      data: {
        id,
        description: childText(node, 'MessageText'),
        status: status === 'open' ? 'OPEN' : status === 'closed' ? 'CLOSED' : undefined,
        operationExecutionId: childText(node, 'ProceduralElementReference'),
        lotNumbers: batch === undefined ? undefined : [batch],
        category: childText(node, 'Category'),
        risk: sub?.attrs.Risk,
        reportedStatus: sub?.attrs.Status,
        personIds: childTexts(node, 'PersonID'),
      },
      times: { raisedAt: scope.time(childOf(node, 'TimeStamp')) },
      fields: {
        id: 'ID',
        description: 'MessageText',
        operationExecutionId: 'ProceduralElementReference',
      },
    }),
  ];
}
